import Protection
import Transport

/// The protection core's view of the real disk, through `Transport` (the only module that makes
/// syscalls). Used by the server, `gatehouse check` and `gatehouse explain`.
public struct DiskFileSystem: ProtectionFileSystem {
    /// Directory real paths, remembered for a second.
    let realPaths: RealPathCache

    /// Makes the disk file system (sharing one real-path cache process-wide).
    public init() { realPaths = DiskFileSystem.directories }

    /// Makes a disk file system with its own real-path cache (one per event loop).
    init(realPaths: RealPathCache) { self.realPaths = realPaths }

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
        inspect(path)?.realPath
    }

    /// One `lstat` for a path that is not a symlink: its status, and its real path from the
    /// directory's cached real path. A symlink is followed with `stat` and `realpath(3)`.
    public func inspect(_ path: String) -> Protection.FileInspection? {
        let trimmed = path.utf8.count > 1 && PathResolution.endsWithSlash(path) ? String(path.dropLast()) : path
        let u = trimmed.utf8
        guard let slash = u.lastIndex(of: UInt8(ascii: "/")), slash != u.startIndex else { return followed(path) }
        guard let own = try? FileSystem.lstat(trimmed) else { return nil }
        guard own.kind != .symbolicLink else { return followed(path) }
        let real = realPaths.realPath(String(trimmed[..<slash])).map { $0 + trimmed[slash...] }
        return Protection.FileInspection(status: DiskFileSystem.convert(own), realPath: real)
    }

    private func followed(_ path: String) -> Protection.FileInspection? {
        guard let s = try? FileSystem.stat(path) else { return nil }
        return Protection.FileInspection(status: DiskFileSystem.convert(s), realPath: try? FileSystem.realPath(path))
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
