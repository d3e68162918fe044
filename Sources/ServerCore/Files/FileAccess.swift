import Transport

/// Whether another user could read a file, from its permission bits (what `gatehouse check`
/// runs as root needs to say before the privilege drop; POSIX ACLs are not consulted), and a
/// bounded walk of a tree that does not follow symbolic links.
enum FileAccess {
    /// Whether `uid`:`gid` may read `path` (and, for a directory, list and enter it).
    static func canRead(_ path: String, uid: UInt32, gid: UInt32, directory: Bool = false) -> Bool {
        guard let status = try? FileSystem.stat(path) else { return false }
        let needed: UInt32 = directory || status.kind == .directory ? 0o5 : 0o4
        let bits: UInt32
        if uid == 0 { return true }
        if status.userID == uid {
            bits = (status.mode >> 6) & 0o7
        } else if status.groupID == gid {
            bits = (status.mode >> 3) & 0o7
        } else {
            bits = status.mode & 0o7
        }
        return bits & needed == needed
    }

    /// Calls `visit` with every entry under `root` (the root included), at most `limit` of them,
    /// depth first; symbolic links are visited but not followed.
    static func walk(_ root: String, limit: Int, _ visit: (String, Bool) -> Void) {
        var remaining = limit
        var pending = [root.hasSuffix("/") ? String(root.dropLast()) : root]
        while let path = pending.popLast(), remaining > 0 {
            remaining -= 1
            let isDirectory = (try? FileSystem.lstat(path))?.kind == .directory
            visit(path, isDirectory)
            guard isDirectory, let names = try? FileSystem.readDirectory(path) else { continue }
            for name in names.sorted().reversed() { pending.append(path + "/" + name) }
        }
    }
}
