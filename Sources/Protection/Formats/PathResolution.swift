/// Resolves paths named inside protection files: relative paths are taken against the
/// directory of the file that names them (reference §1), so the samples work from any
/// working directory.
public enum PathResolution {
    /// `name` resolved against the directory holding `namingFile`; absolute names are kept.
    /// The result is lexically normalised (`.` and `..` segments folded).
    public static func resolve(_ name: String, relativeTo namingFile: String) -> String {
        if name.hasPrefix("/") { return normalise(name) }
        return normalise(directory(of: namingFile) + "/" + name)
    }

    /// The directory part of a path (`/a/b/c` → `/a/b`, `c` → `.`, `/c` → `/`).
    public static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        if slash == path.startIndex { return "/" }
        return String(path[..<slash])
    }

    /// The last component of a path (`/a/b/c` → `c`, `/a/b/` → ``).
    public static func lastComponent(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return path }
        return String(path[path.index(after: slash)...])
    }

    /// Folds `.`, `..` and repeated `/` (a relative path stays relative).
    public static func normalise(_ path: String) -> String {
        let absolute = path.hasPrefix("/")
        var parts: [Substring] = []
        for part in path.split(separator: "/") {
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
