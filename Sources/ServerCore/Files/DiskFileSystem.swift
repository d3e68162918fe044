import Protection
import Transport

/// The protection core's view of the real disk, through `Transport` (the only module that makes
/// syscalls). Used by the server, `gatehouse check` and `gatehouse explain`.
public struct DiskFileSystem: ProtectionFileSystem {
    /// Makes the disk file system.
    public init() {}

    /// Reads a whole file as UTF-8 text.
    public func readText(_ path: String, limit: Int) throws(FileAccessError) -> String {
        let bytes: [UInt8]
        do {
            bytes = try FileSystem.readWholeFile(path, limit: limit)
        } catch {
            throw FileAccessError(path: path, reason: error.message)
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw FileAccessError(path: path, reason: "not valid UTF-8 text")
        }
        return text
    }

    /// `stat(2)`, following symlinks.
    public func status(_ path: String) -> Protection.FileStatus? {
        guard let s = try? FileSystem.stat(path) else { return nil }
        return DiskFileSystem.convert(s)
    }

    /// `readdir(3)`.
    public func listDirectory(_ path: String) -> [String]? {
        try? FileSystem.readDirectory(path)
    }

    /// `realpath(3)`, with the directory part cached for a second: a path whose last component
    /// is not a symlink costs one `lstat` instead of a walk over every component.
    public func realPath(_ path: String) -> String? {
        let trimmed = path.count > 1 && path.hasSuffix("/") ? String(path.dropLast()) : path
        guard let slash = trimmed.lastIndex(of: "/"), slash != trimmed.startIndex,
              let status = try? FileSystem.lstat(trimmed), status.kind != .symbolicLink else {
            return try? FileSystem.realPath(path)
        }
        let directory = String(trimmed[..<slash])
        guard let realDirectory = DiskFileSystem.directories.realPath(directory) else { return nil }
        return realDirectory + trimmed[slash...]
    }

    /// Real paths of directories, shared by every user of the disk file system.
    static let directories = RealPathCache()

    /// Transport's status as the protection core's.
    static func convert(_ s: Transport.FileStatus) -> Protection.FileStatus {
        let kind: Protection.FileStatus.Kind
        switch s.kind {
        case .regular: kind = .regular
        case .directory: kind = .directory
        case .symbolicLink, .other: kind = .other
        }
        return Protection.FileStatus(kind: kind, size: Int(s.size), modifiedSeconds: Int(s.modificationSeconds),
                                     modifiedNanoseconds: Int(s.modificationNanoseconds), inode: s.inode)
    }
}
