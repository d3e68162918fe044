import Synchronization
import Transport

/// A log destination (a file opened for appending, or standard output/error) with a small
/// buffer, so a busy server writes its log in blocks rather than once per request. Flushed when
/// the buffer fills, once a second by the server, and at shutdown.
public final class LogSink: Sendable {
    /// Buffered bytes that trigger an immediate write.
    public static let flushThreshold = 32 * 1024

    private let descriptor: FileDescriptor?
    private let buffer = Mutex<[UInt8]>([])

    /// A sink writing to `path`: `-` is standard output, `stderr` standard error; nil discards.
    public init(path: String?) throws(Errno) {
        switch path {
        case nil: descriptor = nil
        case "-": descriptor = .standardOutput
        case "stderr": descriptor = .standardError
        case .some(let p): descriptor = try FileSystem.openForAppending(p)
        }
    }

    /// Appends one line (a newline is added).
    public func write(_ line: String) {
        guard descriptor != nil else { return }
        let full = buffer.withLock { b -> Bool in
            b.append(contentsOf: line.utf8)
            b.append(0x0A)
            return b.count >= LogSink.flushThreshold
        }
        if full { flush() }
    }

    /// Appends one line built in place by `build` (a newline is added), without intermediate
    /// strings.
    func write(building build: (inout [UInt8]) -> Void) {
        guard descriptor != nil else { return }
        let full = buffer.withLock { b -> Bool in
            build(&b)
            b.append(0x0A)
            return b.count >= LogSink.flushThreshold
        }
        if full { flush() }
    }

    /// Writes whole lines at once, past the buffer (each loop buffers its own lines).
    func writeRaw(_ bytes: [UInt8]) {
        guard let descriptor else { return }
        flush()
        try? FileSystem.writeAll(descriptor, bytes)
    }

    /// Writes out what is buffered.
    public func flush() {
        guard let descriptor else { return }
        let bytes = buffer.withLock { b -> [UInt8] in
            defer { b.removeAll(keepingCapacity: true) }
            return b
        }
        guard !bytes.isEmpty else { return }
        try? FileSystem.writeAll(descriptor, bytes)
    }
}
