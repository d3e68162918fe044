import CSystem
import Glibc

/// What `stat(2)` says about a file, as a value.
public struct FileStatus: Sendable, Hashable {
    /// The file's type.
    public enum Kind: Sendable, Hashable {
        /// A regular file.
        case regular
        /// A directory.
        case directory
        /// A symbolic link (only from `lstat`).
        case symbolicLink
        /// A FIFO, socket or device: never served.
        case other
    }

    /// The file's type.
    public let kind: Kind
    /// Size in bytes.
    public let size: Int64
    /// Modification time: whole seconds since the epoch.
    public let modificationSeconds: Int64
    /// Modification time: the nanoseconds part.
    public let modificationNanoseconds: Int32
    /// Inode number (with `device`, identifies the file).
    public let inode: UInt64
    /// Device the file lives on.
    public let device: UInt64
    /// Permission bits including set-user-ID, set-group-ID and sticky (`mode & 0o7777`).
    public let mode: UInt32
    /// Owner's user ID.
    public let userID: UInt32
    /// Owner's group ID.
    public let groupID: UInt32

    /// Builds a status directly (for in-memory file providers in tests).
    public init(
        kind: Kind, size: Int64, modificationSeconds: Int64, modificationNanoseconds: Int32 = 0,
        inode: UInt64 = 0, device: UInt64 = 0, mode: UInt32 = 0o644, userID: UInt32 = 0, groupID: UInt32 = 0
    ) {
        self.kind = kind
        self.size = size
        self.modificationSeconds = modificationSeconds
        self.modificationNanoseconds = modificationNanoseconds
        self.inode = inode
        self.device = device
        self.mode = mode
        self.userID = userID
        self.groupID = groupID
    }

    /// inode(7): the file type bits of `st_mode` and their values.
    private static let typeMask: UInt32 = 0o170000
    private static let regularType: UInt32 = 0o100000
    private static let directoryType: UInt32 = 0o040000
    private static let symbolicLinkType: UInt32 = 0o120000
    private static let permissionMask: UInt32 = 0o7777

    /// Converts the kernel's `struct stat`.
    init(_ status: stat) {
        let type = UInt32(status.st_mode) & Self.typeMask
        kind = switch type {
        case Self.regularType: .regular
        case Self.directoryType: .directory
        case Self.symbolicLinkType: .symbolicLink
        default: .other
        }
        size = Int64(status.st_size)
        modificationSeconds = Int64(status.st_mtim.tv_sec)
        modificationNanoseconds = Int32(status.st_mtim.tv_nsec)
        inode = UInt64(status.st_ino)
        device = UInt64(status.st_dev)
        mode = UInt32(status.st_mode) & Self.permissionMask
        userID = UInt32(status.st_uid)
        groupID = UInt32(status.st_gid)
    }
}
