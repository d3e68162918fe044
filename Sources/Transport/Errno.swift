import CSystem
import Glibc

/// A failed system call: the `errno` value captured right after the call, plus the call's name.
///
/// Two values are equal when their codes are equal; `call` is context for messages only, so
/// `catch let error where error == .noSuchFile` works whichever call failed.
public struct Errno: Error, Sendable, Hashable, CustomStringConvertible {
    /// The raw `errno` code.
    public let code: Int32
    /// The system call (or libc function) that failed, e.g. `"open"`.
    public let call: StaticString

    /// Wraps `code` as the failure of `call`.
    public init(_ code: Int32, call: StaticString = "") {
        self.code = code
        self.call = call
    }

    /// The human-readable message from `strerror_r` (the thread-safe XSI variant).
    public var message: String {
        withUnsafeTemporaryAllocation(of: CChar.self, capacity: Self.messageCapacity) { buffer in
            guard let base = buffer.baseAddress, strerror_r(code, base, buffer.count) == 0 else {
                return "errno \(code)"
            }
            return String(cString: base)
        }
    }

    /// `"open: No such file or directory (errno 2)"`.
    public var description: String {
        let name = call.description
        return name.isEmpty ? "\(message) (errno \(code))" : "\(name): \(message) (errno \(code))"
    }

    /// Equality on the code only (see the type's documentation).
    public static func == (lhs: Errno, rhs: Errno) -> Bool { lhs.code == rhs.code }

    /// Hashes the code only, consistent with `==`.
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }

    /// Room for any glibc error message.
    private static let messageCapacity = 256
}

extension Errno {
    /// `ENOENT`: no such file or directory.
    public static let noSuchFile = Errno(ENOENT)
    /// `EACCES`: permission denied.
    public static let permissionDenied = Errno(EACCES)
    /// `EPERM`: operation not permitted.
    public static let notPermitted = Errno(EPERM)
    /// `EEXIST`: the file already exists.
    public static let fileExists = Errno(EEXIST)
    /// `ENOTDIR`: a path component is not a directory.
    public static let notDirectory = Errno(ENOTDIR)
    /// `EISDIR`: the path is a directory.
    public static let isDirectory = Errno(EISDIR)
    /// `ELOOP`: too many symbolic links.
    public static let tooManySymbolicLinks = Errno(ELOOP)
    /// `ENAMETOOLONG`: the path or a component is too long.
    public static let nameTooLong = Errno(ENAMETOOLONG)
    /// `EFBIG`: the file is larger than the caller's limit (see `FileSystem.readWholeFile`).
    public static let fileTooLarge = Errno(EFBIG)
    /// `EINVAL`: invalid argument (also: a file of the wrong kind for the operation).
    public static let invalidArgument = Errno(EINVAL)
    /// `EAGAIN`: would block (only thrown where a non-blocking attempt was asked for).
    public static let wouldBlock = Errno(EAGAIN)
    /// `EMFILE`: this process has no free file descriptors.
    public static let tooManyOpenFiles = Errno(EMFILE)
    /// `ENFILE`: the system has no free file descriptors.
    public static let tooManyOpenFilesInSystem = Errno(ENFILE)
    /// `EADDRINUSE`: the address is already bound.
    public static let addressInUse = Errno(EADDRINUSE)
    /// `ECONNREFUSED`: nobody listens at the address.
    public static let connectionRefused = Errno(ECONNREFUSED)
    /// `EILSEQ`: bytes are not valid UTF-8 where text was required.
    public static let illegalByteSequence = Errno(EILSEQ)
    /// `EMSGSIZE`: a line is longer than the caller's limit (see `FileSystem.readLine`).
    public static let lineTooLong = Errno(EMSGSIZE)
    /// `ENOSPC`: no space left on the device.
    public static let noSpace = Errno(ENOSPC)
    /// `EDQUOT`: the user's disk quota is exhausted.
    public static let quotaExceeded = Errno(EDQUOT)
    /// `EROFS`: the file system is read-only.
    public static let readOnlyFileSystem = Errno(EROFS)
}
