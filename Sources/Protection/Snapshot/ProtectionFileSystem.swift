/// What the protection core needs from a file system: read a file, stat a path, list a
/// directory, resolve symlinks. The server supplies a disk implementation; tests use
/// `InMemoryFileSystem`. Keeping this a protocol keeps `Protection` free of syscalls.
public protocol ProtectionFileSystem: Sendable {
    /// The whole file as text (invalid UTF-8 is an error), refusing files above `limit` bytes.
    func readText(_ path: String, limit: Int) throws(FileAccessError) -> String
    /// The status of a path (following symlinks), or nil when it does not exist.
    func status(_ path: String) -> FileStatus?
    /// Names in a directory (without `.` and `..`), or nil when it cannot be read.
    func listDirectory(_ path: String) -> [String]?
    /// The canonical path with every symlink resolved, or nil when it does not exist.
    func realPath(_ path: String) -> String?
    /// `status` and `realPath` together (a disk implementation answers both with one `lstat`
    /// when the path is not a symlink); nil when the path does not exist.
    func inspect(_ path: String) -> FileInspection?
}

/// What the router needs to know about a path: its status and where it really is.
public struct FileInspection: Sendable, Hashable {
    /// The status, symlinks followed.
    public let status: FileStatus
    /// The canonical path, or nil when it cannot be resolved.
    public let realPath: String?

    /// Makes an inspection.
    public init(status: FileStatus, realPath: String?) {
        self.status = status
        self.realPath = realPath
    }
}

extension ProtectionFileSystem {
    /// `status` and `realPath`, one after the other.
    public func inspect(_ path: String) -> FileInspection? {
        guard let status = status(path) else { return nil }
        return FileInspection(status: status, realPath: realPath(path))
    }
}

/// What `status` reports about a path.
public struct FileStatus: Sendable, Hashable {
    /// The kinds of file the server distinguishes.
    public enum Kind: Sendable, Hashable {
        case regular, directory, other
    }

    /// Regular file, directory or something else.
    public let kind: Kind
    /// Size in bytes.
    public let size: Int
    /// Modification time, seconds since the epoch.
    public let modifiedSeconds: Int
    /// Nanoseconds part of the modification time.
    public let modifiedNanoseconds: Int
    /// Inode number.
    public let inode: UInt64

    /// Makes a status.
    public init(kind: Kind, size: Int, modifiedSeconds: Int, modifiedNanoseconds: Int = 0, inode: UInt64 = 0) {
        self.kind = kind
        self.size = size
        self.modifiedSeconds = modifiedSeconds
        self.modifiedNanoseconds = modifiedNanoseconds
        self.inode = inode
    }
}

/// A file that could not be read, and why.
public struct FileAccessError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The path.
    public let path: String
    /// Why (for example the system's error text).
    public let reason: String

    /// Makes an error.
    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    /// `path: reason`.
    public var description: String { "\(path): \(reason)" }
}

/// Size limits for protection files.
public enum ProtectionLimits {
    /// The largest protection file read (password files of many thousand users fit easily).
    public static let maxFileBytes = 16 * 1024 * 1024
}
