import Glibc
import Dispatch
import Synchronization
@testable import Transport

/// Upper bound for any wait in these tests: a failure shows up as a failed expectation, never a hang.
let testTimeoutMilliseconds = 5_000

/// An event loop running on its own `WorkerThread`, stopped and joined by `shutdown()`.
final class LoopThread: Sendable {
    let loop: EventLoop
    let thread: WorkerThread

    /// Creates the loop, lets `setup` register things on it (before the thread starts), runs it.
    init(name: String = "test-loop", setup: (EventLoop) throws -> Void = { _ in }) throws {
        let loop = try EventLoop()
        try setup(loop)
        self.loop = loop
        self.thread = try WorkerThread(name: name) {
            try? loop.run()
        }
    }

    /// Stops the loop, joins its thread and closes everything still registered.
    func shutdown() {
        loop.stop()
        thread.join()
        loop.close()
    }
}

/// Waits (bounded) for a signal from another thread.
struct Latch: Sendable {
    private let semaphore = DispatchSemaphore(value: 0)
    func signal() { semaphore.signal() }
    /// True if signalled within the test timeout.
    func wait() -> Bool {
        semaphore.wait(timeout: .now() + .milliseconds(testTimeoutMilliseconds)) == .success
    }
}

/// Thread-safe box for values recorded on a loop thread and read by the test.
final class Recorder<Value: Sendable>: Sendable {
    private let storage: Mutex<[Value]> = Mutex([])
    func append(_ value: Value) { storage.withLock { $0.append(value) } }
    var values: [Value] { storage.withLock { $0 } }
}

/// A blocking client socket with bounded reads and writes.
func connectClient(to address: SocketAddress) throws -> Socket {
    let socket = try Socket.connect(to: address)
    try socket.setTimeouts(milliseconds: testTimeoutMilliseconds)
    return socket
}

/// Writes all of `bytes` on a blocking socket; false on timeout or close.
func writeAll(_ socket: Socket, _ bytes: [UInt8]) throws -> Bool {
    var offset = 0
    while offset < bytes.count {
        let result = try bytes.withUnsafeBytes { raw in
            try socket.write(UnsafeRawBufferPointer(rebasing: raw[offset...]))
        }
        switch result {
        case .bytes(let count): offset += count
        case .wouldBlock, .peerClosed: return false
        }
    }
    return true
}

/// Reads from a blocking socket until `count` bytes arrived, the peer closed, or a timeout.
func read(_ socket: Socket, count: Int) throws -> [UInt8] {
    var received: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 64 * 1024)
    while received.count < count {
        let wanted = min(buffer.count, count - received.count)
        let result = try buffer.withUnsafeMutableBytes { raw in
            try socket.read(into: UnsafeMutableRawBufferPointer(rebasing: raw[..<wanted]))
        }
        switch result {
        case .bytes(let n): received += buffer[..<n]
        case .wouldBlock, .peerClosed: return received
        }
    }
    return received
}

/// Reads from a blocking socket until the peer closes (or a timeout, or `limit` bytes).
func readToEnd(_ socket: Socket, limit: Int) throws -> (bytes: [UInt8], closed: Bool) {
    var received: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 64 * 1024)
    while received.count <= limit {
        let result = try buffer.withUnsafeMutableBytes { try socket.read(into: $0) }
        switch result {
        case .bytes(let n): received += buffer[..<n]
        case .peerClosed: return (received, true)
        case .wouldBlock: return (received, false)
        }
    }
    return (received, false)
}

/// Deterministic pseudo-random bytes (a 64-bit LCG), so failures reproduce.
func patternBytes(count: Int, seed: UInt64) -> [UInt8] {
    var state = seed
    return (0..<count).map { _ in
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return UInt8(truncatingIfNeeded: state >> 33)
    }
}

/// Fixture helpers for the file-system tests: plain libc, since they only set the stage.
enum TestFiles {
    /// A fresh private directory under /tmp (`mkdtemp`).
    static func makeDirectory() throws -> String {
        var template = Array("/tmp/transport-test-XXXXXX".utf8CString)
        guard let result = mkdtemp(&template) else { throw Errno(errno, call: "mkdtemp") }
        return String(cString: result)
    }

    /// Creates a symbolic link at `path` pointing to `target`.
    static func symlink(_ target: String, at path: String) throws {
        guard Glibc.symlink(target, path) == 0 else { throw Errno(errno, call: "symlink") }
    }

    /// Creates a directory.
    static func makeSubdirectory(_ path: String) throws {
        guard mkdir(path, 0o755) == 0 else { throw Errno(errno, call: "mkdir") }
    }

    /// Removes a directory tree of plain files, symlinks and subdirectories.
    static func removeTree(_ path: String) {
        if let names = try? FileSystem.readDirectory(path) {
            for name in names {
                let child = path + "/" + name
                if let status = try? FileSystem.lstat(child), status.kind == .directory {
                    removeTree(child)
                } else {
                    _ = unlink(child)
                }
            }
        }
        _ = rmdir(path)
    }

    /// Writes `bytes` to a new file at `path`.
    static func write(_ bytes: [UInt8], to path: String) throws {
        let fd = try FileSystem.openOrCreate(path, mode: 0o644)
        defer { fd.closeIgnoringErrors() }
        try FileSystem.writeAll(fd, bytes)
    }
}
