import Synchronization
import Transport

/// A log destination (a file opened for appending, or standard output/error) with a small
/// buffer, so a busy server writes its log in blocks rather than once per request. Flushed when
/// the buffer fills, once a second by the server, and at shutdown. `reopen` (on `SIGUSR1`)
/// flushes into the file in use, then opens the path again, so after logrotate renamed the file
/// every line lands in exactly one of the two files.
public final class LogSink: Sendable {
    /// Buffered bytes that trigger an immediate write.
    public static let flushThreshold = 32 * 1024

    private struct State {
        var descriptor: FileDescriptor?
        var buffer: [UInt8] = []
    }

    /// The file's path (nil for standard streams and for a discarding sink).
    private let path: String?
    /// Whether the sink owns its descriptor (a file it opened) and may close it.
    private let ownsDescriptor: Bool
    private let state: Mutex<State>

    /// A sink writing to `path`: `-` is standard output, `stderr` standard error; nil discards.
    public init(path: String?) throws(Errno) {
        switch path {
        case nil:
            self.path = nil
            ownsDescriptor = false
            state = Mutex(State(descriptor: nil))
        case "-":
            self.path = nil
            ownsDescriptor = false
            state = Mutex(State(descriptor: .standardOutput))
        case "stderr":
            self.path = nil
            ownsDescriptor = false
            state = Mutex(State(descriptor: .standardError))
        case .some(let p):
            self.path = p
            ownsDescriptor = true
            state = Mutex(State(descriptor: try FileSystem.openForAppending(p)))
        }
    }

    /// Appends one line (a newline is added).
    public func write(_ line: String) {
        let full = state.withLock { s -> Bool in
            guard s.descriptor != nil else { return false }
            s.buffer.append(contentsOf: line.utf8)
            s.buffer.append(0x0A)
            return s.buffer.count >= LogSink.flushThreshold
        }
        if full { flush() }
    }

    /// Writes whole lines at once, after what is buffered (each loop buffers its own lines).
    func writeRaw(_ bytes: [UInt8]) {
        state.withLock { s in
            guard let descriptor = s.descriptor else { return }
            LogSink.drain(&s.buffer, to: descriptor)
            try? FileSystem.writeAll(descriptor, bytes)
        }
    }

    /// Writes out what is buffered.
    public func flush() {
        state.withLock { s in
            guard let descriptor = s.descriptor else { return }
            LogSink.drain(&s.buffer, to: descriptor)
        }
    }

    /// Makes the file the sink writes owned by `userID` (the group unchanged), as nginx does for
    /// its workers: started as root, the server can still reopen it at its path after dropping
    /// privileges. Nothing for standard streams.
    public func giveTo(userID: UInt32) -> Errno? {
        guard ownsDescriptor, let descriptor = state.withLock({ $0.descriptor }) else { return nil }
        do {
            try FileSystem.fchown(descriptor, userID: userID, groupID: UInt32.max)
        } catch {
            return error
        }
        return nil
    }

    /// The file's path, for messages (nil for standard streams and a discarding sink).
    public var filePath: String? { ownsDescriptor ? path : nil }

    /// Flushes into the file in use, then opens `path` anew (logrotate moved the old one away).
    /// On failure the old file stays in use and the error is returned.
    @discardableResult
    public func reopen() -> Errno? {
        guard let path, ownsDescriptor else { return nil }
        let fresh: FileDescriptor
        do {
            fresh = try FileSystem.openForAppending(path)
        } catch {
            return error
        }
        let old = state.withLock { s -> FileDescriptor? in
            if let descriptor = s.descriptor { LogSink.drain(&s.buffer, to: descriptor) }
            defer { s.descriptor = fresh }
            return s.descriptor
        }
        old?.closeIgnoringErrors()
        return nil
    }

    private static func drain(_ buffer: inout [UInt8], to descriptor: FileDescriptor) {
        guard !buffer.isEmpty else { return }
        try? FileSystem.writeAll(descriptor, buffer)
        buffer.removeAll(keepingCapacity: true)
    }
}
