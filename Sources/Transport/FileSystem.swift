import CSystem
import Glibc

/// The file operations the server and the admin tools need, each through `SystemCall`.
/// Paths are `String`s; a path containing a NUL byte is refused with `EINVAL` rather than
/// silently cut short. Every descriptor opened here is close-on-exec.
public enum FileSystem {
    /// Opens a file read-only for serving or parsing. `O_NONBLOCK` keeps a FIFO planted in the
    /// tree from blocking the loop in `open`; it has no effect on regular files (nor on
    /// `sendfile` from them). `O_NOCTTY` keeps a terminal from becoming ours.
    public static func openForReading(_ path: String) throws(Errno) -> FileDescriptor {
        try open(path, flags: O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY, mode: 0, call: "open")
    }

    /// Opens a file read-write, creating it with `mode` if missing (lock files).
    public static func openOrCreate(_ path: String, mode: UInt32 = 0o600) throws(Errno) -> FileDescriptor {
        try open(path, flags: O_RDWR | O_CREAT | O_CLOEXEC | O_NOCTTY, mode: mode, call: "open(O_CREAT)")
    }

    /// Opens a file for appending, creating it with `mode` if missing (access and error logs:
    /// `O_APPEND` makes each `write` land whole at the end, even with several writers).
    public static func openForAppending(_ path: String, mode: UInt32 = 0o644) throws(Errno) -> FileDescriptor {
        try open(path, flags: O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOCTTY, mode: mode, call: "open(O_APPEND)")
    }

    /// Status of an open file (`fstat(2)`).
    public static func fstat(_ fd: FileDescriptor) throws(Errno) -> FileStatus {
        var status = Glibc.stat()
        try SystemCall.blocking("fstat") { Glibc.fstat(fd.rawValue, &status) }
        return FileStatus(status)
    }

    /// Status of the file `path` names, following symbolic links (`stat(2)`).
    public static func stat(_ path: String) throws(Errno) -> FileStatus {
        var status = Glibc.stat()
        try withPath(path, call: "stat") { (cPath) throws(Errno) in
            _ = try SystemCall.blocking("stat") { fstatat(AT_FDCWD, cPath, &status, 0) }
        }
        return FileStatus(status)
    }

    /// Status of `path` itself, not following a final symbolic link (`lstat(2)`).
    public static func lstat(_ path: String) throws(Errno) -> FileStatus {
        var status = Glibc.stat()
        try withPath(path, call: "lstat") { (cPath) throws(Errno) in
            _ = try SystemCall.blocking("lstat") { fstatat(AT_FDCWD, cPath, &status, AT_SYMLINK_NOFOLLOW) }
        }
        return FileStatus(status)
    }

    /// The canonical absolute path: symbolic links, `.` and `..` resolved (`realpath(3)`).
    public static func realPath(_ path: String) throws(Errno) -> String {
        try withPath(path, call: "realpath") { (cPath) throws(Errno) -> String in
            let resolved = try SystemCall.pointer("realpath") { realpath(cPath, nil) }
            defer { free(resolved) }
            return String(cString: resolved)
        }
    }

    /// The names in a directory, without `.` and `..`, sorted by their bytes. Names that are not
    /// valid UTF-8 are left out: they could not be named in a URL or a rule anyway.
    public static func readDirectory(_ path: String) throws(Errno) -> [String] {
        try withPath(path, call: "opendir") { (cPath) throws(Errno) -> [String] in
            let directory = try SystemCall.pointer("opendir") { opendir(cPath) }
            defer { closedir(directory) }
            var names: [String] = []
            while let entry = try SystemCall.pointerOrEnd("readdir", { readdir(directory) }) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                    String(validatingCString: raw.baseAddress!.assumingMemoryBound(to: CChar.self))
                }
                guard let name, name != ".", name != ".." else { continue }
                names.append(name)
            }
            return names.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        }
    }

    /// Reads a whole regular file, refusing one larger than `limit` bytes (`EFBIG`), a directory
    /// (`EISDIR`) or anything else that is not a regular file (`EINVAL`).
    public static func readWholeFile(_ path: String, limit: Int) throws(Errno) -> [UInt8] {
        let fd = try openForReading(path)
        defer { fd.closeIgnoringErrors() }
        return try readWholeFile(fd, limit: limit)
    }

    /// Reads an open regular file from its current offset to the end, as `readWholeFile(_:limit:)`.
    public static func readWholeFile(_ fd: FileDescriptor, limit: Int) throws(Errno) -> [UInt8] {
        let status = try fstat(fd)
        switch status.kind {
        case .regular: break
        case .directory: throw Errno(EISDIR, call: "read")
        case .symbolicLink, .other: throw Errno(EINVAL, call: "read")
        }
        guard status.size <= Int64(limit) else { throw Errno(EFBIG, call: "read") }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(Int(status.size))
        let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: TransportLimits.readChunkBytes, alignment: 16)
        defer { chunk.deallocate() }
        // The file may grow while we read: keep reading to the end, but never past the limit.
        while true {
            let wanted = min(chunk.count, limit + 1 - bytes.count)
            let count = try read(fd, into: UnsafeMutableRawBufferPointer(rebasing: chunk.prefix(wanted)))
            if count == 0 { return bytes }
            bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: chunk.prefix(count)))
            guard bytes.count <= limit else { throw Errno(EFBIG, call: "read") }
        }
    }

    /// Reads at the current offset (`read(2)`); 0 at end of file. A non-blocking descriptor with
    /// nothing to read throws `EAGAIN`.
    public static func read(_ fd: FileDescriptor, into buffer: UnsafeMutableRawBufferPointer) throws(Errno) -> Int {
        try SystemCall.blocking("read") { Glibc.read(fd.rawValue, buffer.baseAddress, buffer.count) }
    }

    /// Reads at `offset` without moving the file offset (`pread(2)`); 0 at end of file. For
    /// loading small files into memory to send with `Socket.writev`.
    public static func read(_ fd: FileDescriptor, into buffer: UnsafeMutableRawBufferPointer, at offset: Int64) throws(Errno) -> Int {
        try SystemCall.blocking("pread") { pread(fd.rawValue, buffer.baseAddress, buffer.count, off_t(offset)) }
    }

    /// Writes every byte, continuing after partial writes (for files and blocking descriptors).
    public static func writeAll(_ fd: FileDescriptor, _ bytes: UnsafeRawBufferPointer) throws(Errno) {
        var offset = 0
        while offset < bytes.count {
            let remaining = UnsafeRawBufferPointer(rebasing: bytes[offset...])
            let written = try SystemCall.blocking("write") { Glibc.write(fd.rawValue, remaining.baseAddress, remaining.count) }
            guard written > 0 else { throw Errno(EIO, call: "write") }
            offset += written
        }
    }

    /// Writes every byte of `bytes`.
    public static func writeAll(_ fd: FileDescriptor, _ bytes: [UInt8]) throws(Errno) {
        var result: Result<Void, Errno> = .success(())
        bytes.withUnsafeBytes { raw in result = Result { () throws(Errno) in try writeAll(fd, raw) } }
        try result.get()
    }

    /// Flushes a file's data and metadata to stable storage (`fsync(2)`).
    public static func fsync(_ fd: FileDescriptor) throws(Errno) {
        try SystemCall.blocking("fsync") { Glibc.fsync(fd.rawValue) }
    }

    /// Flushes a directory, making a `rename` or `unlink` in it durable.
    public static func fsyncDirectory(_ path: String) throws(Errno) {
        let fd = try open(path, flags: O_RDONLY | O_DIRECTORY | O_CLOEXEC, mode: 0, call: "open(O_DIRECTORY)")
        defer { fd.closeIgnoringErrors() }
        try fsync(fd)
    }

    /// Atomically replaces `destination` with `source` (`rename(2)`; same file system only).
    public static func rename(_ source: String, to destination: String) throws(Errno) {
        try withPath(source, call: "rename") { (from) throws(Errno) in
            try withPath(destination, call: "rename") { (to) throws(Errno) in
                _ = try SystemCall.blocking("rename") { Glibc.rename(from, to) }
            }
        }
    }

    /// Removes a file name (`unlink(2)`).
    public static func unlink(_ path: String) throws(Errno) {
        try withPath(path, call: "unlink") { (cPath) throws(Errno) in
            _ = try SystemCall.blocking("unlink") { Glibc.unlink(cPath) }
        }
    }

    /// Creates and opens a new file `directory/prefixXXXXXX` with a unique suffix, mode 0600,
    /// close-on-exec (`mkostemp(3)`). `prefix` must not contain `/`.
    public static func makeTemporaryFile(inDirectory directory: String, prefix: String) throws(Errno) -> (descriptor: FileDescriptor, path: String) {
        guard !prefix.utf8.contains(UInt8(ascii: "/")) else { throw Errno(EINVAL, call: "mkostemp") }
        let separator = directory.hasSuffix("/") ? "" : "/"
        let template = directory + separator + prefix + "XXXXXX"
        guard !template.utf8.contains(0) else { throw Errno(EINVAL, call: "mkostemp") }
        var buffer = Array(template.utf8CString)
        let fd = try buffer.withUnsafeMutableBufferPointer { (pointer) throws(Errno) -> Int32 in
            try SystemCall.blocking("mkostemp") { csys_mkostemp(pointer.baseAddress!, O_CLOEXEC) }
        }
        let path = buffer.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        return (FileDescriptor(rawValue: fd), path)
    }

    /// Sets permission bits (`fchmod(2)`).
    public static func fchmod(_ fd: FileDescriptor, mode: UInt32) throws(Errno) {
        try SystemCall.blocking("fchmod") { Glibc.fchmod(fd.rawValue, mode_t(mode)) }
    }

    /// Sets owner and group (`fchown(2)`).
    public static func fchown(_ fd: FileDescriptor, userID: UInt32, groupID: UInt32) throws(Errno) {
        try SystemCall.blocking("fchown") { Glibc.fchown(fd.rawValue, uid_t(userID), gid_t(groupID)) }
    }

    /// Takes an advisory lock, waiting for it (`flock(2)`, `EINTR` retried). The lock belongs to
    /// the open file description, so another `open` of the same file conflicts even in-process.
    public static func flock(_ fd: FileDescriptor, exclusive: Bool) throws(Errno) {
        try SystemCall.blocking("flock") { flockCall(fd.rawValue, exclusive ? LOCK_EX : LOCK_SH) }
    }

    /// Takes an advisory lock if free (`LOCK_NB`); false if someone else holds it.
    public static func tryFlock(_ fd: FileDescriptor, exclusive: Bool) throws(Errno) -> Bool {
        switch try SystemCall.nonBlocking("flock", { flockCall(fd.rawValue, (exclusive ? LOCK_EX : LOCK_SH) | LOCK_NB) }) {
        case .done: true
        case .wouldBlock: false
        }
    }

    /// Releases an advisory lock (closing the descriptor also does).
    public static func unlock(_ fd: FileDescriptor) throws(Errno) {
        try SystemCall.blocking("flock(LOCK_UN)") { flockCall(fd.rawValue, LOCK_UN) }
    }

    /// The working directory (`getcwd(3)`).
    public static func currentDirectory() throws(Errno) -> String {
        let path = try SystemCall.pointer("getcwd") { getcwd(nil, 0) }
        defer { free(path) }
        return String(cString: path)
    }

    /// Whether `fd` is a terminal (`isatty(3)`; "not a terminal" is an answer, not an error).
    public static func isTerminal(_ fd: FileDescriptor) -> Bool {
        isatty(fd.rawValue) == 1
    }

    /// Turns terminal echo on or off (for password prompts); returns whether it was on.
    public static func setTerminalEcho(_ fd: FileDescriptor, enabled: Bool) throws(Errno) -> Bool {
        try SystemCall.blocking("tcsetattr") { csys_set_echo(fd.rawValue, enabled ? 1 : 0) } == 1
    }

    /// Reads one line from `fd` (standard input, for the admin tools), one byte per `read` so
    /// nothing past the newline is consumed. Strips `\n` and a `\r` before it. Returns `nil` at
    /// end of input with nothing read; throws `EMSGSIZE` past `limit` bytes and `EILSEQ` if the
    /// line is not UTF-8.
    public static func readLine(_ fd: FileDescriptor, limit: Int = TransportLimits.maxLineBytes) throws(Errno) -> String? {
        var line: [UInt8] = []
        var byte: UInt8 = 0
        var sawNewline = false
        while true {
            let count = try SystemCall.blocking("read") { Glibc.read(fd.rawValue, &byte, 1) }
            if count == 0 { break }
            if byte == UInt8(ascii: "\n") {
                sawNewline = true
                break
            }
            guard line.count < limit else { throw Errno(EMSGSIZE, call: "read") }
            line.append(byte)
        }
        if line.isEmpty && !sawNewline { return nil }
        if line.last == UInt8(ascii: "\r") { line.removeLast() }
        guard let text = String(validating: line, as: UTF8.self) else { throw Errno(EILSEQ, call: "read") }
        return text
    }

    /// `open(2)` through the variadic-free shim.
    static func open(_ path: String, flags: Int32, mode: UInt32, call: StaticString) throws(Errno) -> FileDescriptor {
        try withPath(path, call: call) { (cPath) throws(Errno) -> FileDescriptor in
            FileDescriptor(rawValue: try SystemCall.blocking(call) { csys_open(cPath, flags, mode) })
        }
    }

    /// Calls `body` with `path` as a C string; refuses an embedded NUL instead of truncating.
    static func withPath<R>(_ path: String, call: StaticString, _ body: (UnsafePointer<CChar>) throws(Errno) -> R) throws(Errno) -> R {
        guard !path.utf8.contains(0) else { throw Errno(EINVAL, call: call) }
        var path = path
        var result: Result<R, Errno>?
        path.withUTF8 { utf8 in
            withUnsafeTemporaryAllocation(of: CChar.self, capacity: utf8.count + 1) { buffer in
                let base = buffer.baseAddress!
                UnsafeMutableRawPointer(base).copyMemory(from: utf8.baseAddress!, byteCount: utf8.count)
                base[utf8.count] = 0
                result = Result { () throws(Errno) -> R in try body(base) }
            }
        }
        // Both closures above always run, so `result` is set.
        return try result!.get()
    }
}

/// `flock(2)`, called from outside `FileSystem` where the name would mean its method, and
/// through a function so the call is not read as `struct flock`'s initialiser.
private func flockCall(_ fd: Int32, _ operation: Int32) -> Int32 {
    flock(fd, operation)
}
