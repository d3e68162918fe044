/// A file system held in a dictionary, for tests and for `explain` on described trees.
/// Directories exist implicitly above every file; extra empty directories can be added.
public struct InMemoryFileSystem: ProtectionFileSystem {
    /// File contents by absolute path.
    public var files: [String: String]
    /// Directories that exist even without files in them.
    public var directories: Set<String>
    /// Symlinks: path → target path.
    public var links: [String: String]

    /// Makes a file system from file contents.
    public init(_ files: [String: String] = [:], directories: Set<String> = [], links: [String: String] = [:]) {
        self.files = files
        self.directories = directories
        self.links = links
    }

    /// The content of a file.
    public func readText(_ path: String, limit: Int) throws(FileAccessError) -> String {
        guard let real = realPath(path), let text = files[real] else { throw FileAccessError(path: path, reason: "No such file or directory") }
        guard text.utf8.count <= limit else { throw FileAccessError(path: path, reason: "larger than \(limit) bytes") }
        return text
    }

    /// Regular for files, directory for implied or listed directories.
    public func status(_ path: String) -> FileStatus? {
        guard let real = realPath(path) else { return nil }
        if let text = files[real] { return FileStatus(kind: .regular, size: text.utf8.count, modifiedSeconds: 0) }
        return FileStatus(kind: .directory, size: 0, modifiedSeconds: 0)
    }

    /// Immediate children of a directory.
    public func listDirectory(_ path: String) -> [String]? {
        guard let real = realPath(path), status(real)?.kind == .directory else { return nil }
        let prefix = real == "/" ? "/" : real + "/"
        var names = Set<String>()
        for p in Array(files.keys) + Array(directories) + Array(links.keys) where p.hasPrefix(prefix) {
            if let first = p.dropFirst(prefix.count).split(separator: "/").first { names.insert(String(first)) }
        }
        return names.sorted()
    }

    /// Follows symlinks component by component (bounded), nil if the result does not exist.
    public func realPath(_ path: String) -> String? {
        var current = PathResolution.normalise(path)
        for _ in 0..<32 {
            var changed = false
            var built = ""
            for part in current.split(separator: "/") {
                let candidate = built + "/" + part
                if let target = links[candidate] {
                    built = PathResolution.normalise(target.hasPrefix("/") ? target : PathResolution.directory(of: candidate) + "/" + target)
                    changed = true
                } else {
                    built = candidate
                }
            }
            if built.isEmpty { built = "/" }
            current = built
            if !changed { break }
        }
        if files[current] != nil || directories.contains(current) || current == "/" { return current }
        let prefix = current + "/"
        if files.keys.contains(where: { $0.hasPrefix(prefix) }) || directories.contains(where: { $0.hasPrefix(prefix) })
            || links.keys.contains(where: { $0.hasPrefix(prefix) }) { return current }
        return nil
    }
}
