import CSystem
import Glibc

/// An open directory, and the file operations relative to it (`openat`, `fstatat`, `renameat`,
/// `unlinkat`). Once opened, every operation acts on that directory even if a component of the
/// path it was opened by is renamed or replaced by a symbolic link meanwhile: the server checks
/// where a directory really is once, then writes only through the handle it checked.
/// Like `FileDescriptor`, it does not close itself; whoever opened it calls `close()` once.
public struct DirectoryHandle: Sendable {
    /// The directory's descriptor.
    public let descriptor: FileDescriptor

    /// How many random names `makeTemporaryFile` tries before giving up (each try fails only when
    /// the name exists already).
    static let temporaryNameAttempts = 100
    /// Characters of a temporary file's random suffix.
    static let temporarySuffixLength = 12
    private static let suffixAlphabet = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".utf8)

    /// Opens the directory `path` (following symbolic links on the way, as any path lookup does).
    public static func open(_ path: String) throws(Errno) -> DirectoryHandle {
        DirectoryHandle(descriptor: try FileSystem.open(path, flags: O_RDONLY | O_DIRECTORY | O_CLOEXEC, mode: 0, call: "open(O_DIRECTORY)"))
    }

    /// Where the directory is now: its canonical absolute path, as the kernel resolves the open
    /// descriptor (`/proc/self/fd/N`).
    public func realPath() throws(Errno) -> String {
        try FileSystem.realPath("/proc/self/fd/\(descriptor.rawValue)")
    }

    /// Status of `name` in this directory, following a symbolic link (`fstatat(2)`).
    public func status(of name: String) throws(Errno) -> FileStatus {
        let n = try DirectoryHandle.checked(name, call: "fstatat")
        var status = Glibc.stat()
        try FileSystem.withPath(n, call: "fstatat") { (cName) throws(Errno) in
            _ = try SystemCall.blocking("fstatat") { fstatat(descriptor.rawValue, cName, &status, 0) }
        }
        return FileStatus(status)
    }

    /// Creates and opens a new file `prefix` + random suffix in this directory, mode 0600, for
    /// writing (`O_CREAT | O_EXCL`: never an existing file, never through a symbolic link).
    /// Returns the descriptor and the new file's name.
    public func makeTemporaryFile(prefix: String) throws(Errno) -> (descriptor: FileDescriptor, name: String) {
        var attempts = 0
        while true {
            let suffix = (0..<DirectoryHandle.temporarySuffixLength).map { _ in DirectoryHandle.suffixAlphabet.randomElement()! }
            let name = prefix + String(decoding: suffix, as: UTF8.self)
            let n = try DirectoryHandle.checked(name, call: "openat(O_EXCL)")
            do {
                let fd = try FileSystem.withPath(n, call: "openat(O_EXCL)") { (cName) throws(Errno) -> Int32 in
                    try SystemCall.blocking("openat(O_EXCL)") {
                        csys_openat(descriptor.rawValue, cName, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOCTTY | O_NOFOLLOW, 0o600)
                    }
                }
                return (FileDescriptor(rawValue: fd), name)
            } catch let error where error.code == EEXIST && attempts < DirectoryHandle.temporaryNameAttempts {
                attempts += 1
            }
        }
    }

    /// Atomically replaces `destination` with `source`, both names in this directory
    /// (`renameat(2)`; a symbolic link at `destination` is replaced, not followed).
    public func rename(_ source: String, to destination: String) throws(Errno) {
        let from = try DirectoryHandle.checked(source, call: "renameat")
        let to = try DirectoryHandle.checked(destination, call: "renameat")
        try FileSystem.withPath(from, call: "renameat") { (cFrom) throws(Errno) in
            try FileSystem.withPath(to, call: "renameat") { (cTo) throws(Errno) in
                _ = try SystemCall.blocking("renameat") { renameat(descriptor.rawValue, cFrom, descriptor.rawValue, cTo) }
            }
        }
    }

    /// Removes the name `name` from this directory (`unlinkat(2)`; a symbolic link itself).
    public func unlink(_ name: String) throws(Errno) {
        let n = try DirectoryHandle.checked(name, call: "unlinkat")
        try FileSystem.withPath(n, call: "unlinkat") { (cName) throws(Errno) in
            _ = try SystemCall.blocking("unlinkat") { unlinkat(descriptor.rawValue, cName, 0) }
        }
    }

    /// Makes the directory's entries durable (`fsync(2)` on the directory).
    public func sync() throws(Errno) {
        try FileSystem.fsync(descriptor)
    }

    /// Closes the directory.
    public func close() {
        descriptor.closeIgnoringErrors()
    }

    /// `name` when it is one plain name: not empty, no `/`, not `.` or `..` (`EINVAL` otherwise),
    /// so an operation can never leave this directory.
    static func checked(_ name: String, call: StaticString) throws(Errno) -> String {
        guard !name.isEmpty, name != ".", name != "..", !name.utf8.contains(UInt8(ascii: "/")) else {
            throw Errno(EINVAL, call: call)
        }
        return name
    }
}
