/// Resolves paths named inside protection files: relative paths are taken against the
/// directory of the file that names them (reference §1), so the samples work from any
/// working directory.
public enum PathResolution {
    /// `name` resolved against the directory holding `namingFile`; absolute names are kept.
    /// The result is lexically normalised (`.` and `..` segments folded).
    public static func resolve(_ name: String, relativeTo namingFile: String) -> String {
        if name.startsWithASCII("/") { return normalise(name) }
        return normalise(directory(of: namingFile) + "/" + name)
    }

    /// The directory part of a path (`/a/b/c` → `/a/b`, `c` → `.`, `/c` → `/`).
    public static func directory(of path: String) -> String {
        // Byte-wise: '/' is ASCII, and scanning characters would cost grapheme breaking.
        let u = path.utf8
        guard let slash = u.lastIndex(of: UInt8(ascii: "/")) else { return "." }
        if slash == u.startIndex { return "/" }
        return String(path[..<slash])
    }

    /// The last component of a path (`/a/b/c` → `c`, `/a/b/` → ``).
    public static func lastComponent(of path: String) -> String {
        let u = path.utf8
        guard let slash = u.lastIndex(of: UInt8(ascii: "/")) else { return path }
        return String(path[u.index(after: slash)...])
    }

    /// Whether a path ends with `/` (byte check).
    public static func endsWithSlash(_ path: String) -> Bool {
        path.utf8.last == UInt8(ascii: "/")
    }

    /// Whether `path` contains `needle` (ASCII needles; a byte scan without String's
    /// character-aware searching).
    public static func contains(_ path: String, _ needle: StaticString) -> Bool {
        let n = UnsafeRawBufferPointer(start: needle.utf8Start, count: needle.utf8CodeUnitCount)
        guard let first = n.first else { return true }
        var path = path
        return path.withUTF8 { bytes in
            guard bytes.count >= n.count else { return false }
            var i = 0
            while i <= bytes.count - n.count {
                if bytes[i] == first && (1..<n.count).allSatisfy({ bytes[i + $0] == n[$0] }) { return true }
                i += 1
            }
            return false
        }
    }

    /// Folds `.`, `..` and repeated `/` (a relative path stays relative). Byte-wise: a `/`
    /// followed by a combining mark is still a separator.
    public static func normalise(_ path: String) -> String {
        let absolute = path.startsWithASCII("/")
        var parts: [Substring] = []
        for part in LogicalLine.pieces(path[...], where: { $0 == UInt8(ascii: "/") }) {
            switch part {
            case ".": continue
            case "..":
                if let last = parts.last, last != ".." { parts.removeLast() } else if !absolute { parts.append(part) }
            default: parts.append(part)
            }
        }
        let joined = parts.joined(separator: "/")
        if absolute { return "/" + joined }
        return joined.isEmpty ? "." : joined
    }
}
