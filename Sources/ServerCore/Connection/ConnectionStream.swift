import Transport

/// A client connection's byte stream as the driver and the proxy use it: the plain socket, or a
/// TLS session over it. Every call is non-blocking; a call that cannot go on says which readiness
/// it waits for (TLS may need to read before it can write, and the reverse).
protocol ConnectionStream: AnyObject {
    /// The socket's descriptor (what the event loop watches).
    var descriptor: FileDescriptor { get }
    /// Whether the stream is TLS.
    var isTLS: Bool { get }
    /// Bytes already received and decrypted but not yet read (TLS records hold several
    /// requests): the loop will not report them as readable, so read them without waiting.
    var hasBufferedInput: Bool { get }
    /// Reads into `buffer` (not empty).
    func read(into buffer: UnsafeMutableRawBufferPointer) -> StreamResult
    /// Writes `bytes`; `more` says more follows at once (a head before a file).
    func write(_ bytes: UnsafeRawBufferPointer, more: Bool) -> StreamResult
    /// Sends up to `count` bytes of `file` from `offset`. `.bytes(0)` means the file ended
    /// early (truncated while served).
    func sendFile(_ file: FileDescriptor, offset: Int64, count: Int) -> StreamResult
    /// Ends the sending direction after what was written (a TLS close_notify, a TCP FIN).
    func shutdownWrite()
    /// Frees what the stream holds besides its descriptor (a TLS session) and gives back the
    /// connection's place in the server's counts. The owner closes the descriptor itself,
    /// normally with `EventLoop.unregisterAndClose`.
    func release()
}

/// The outcome of one stream operation.
enum StreamResult: Equatable {
    /// This many bytes moved (never 0 for a read).
    case bytes(Int)
    /// Nothing moved now; retry when the descriptor is ready for this.
    case wouldBlock(Interest)
    /// The peer closed (end of stream, reset, broken pipe), or the stream failed.
    case closed
}

/// A plain TCP connection.
final class PlainStream: ConnectionStream {
    /// The socket.
    let socket: Socket
    private let slot: ConnectionSlot?

    /// Wraps a connected, non-blocking socket counted in `slot`.
    init(_ socket: Socket, slot: ConnectionSlot? = nil) {
        self.socket = socket
        self.slot = slot
    }

    var descriptor: FileDescriptor { socket.descriptor }
    var isTLS: Bool { false }
    var hasBufferedInput: Bool { false }

    func read(into buffer: UnsafeMutableRawBufferPointer) -> StreamResult {
        Self.map((try? socket.read(into: buffer)) ?? .peerClosed, waiting: .readable)
    }

    func write(_ bytes: UnsafeRawBufferPointer, more: Bool) -> StreamResult {
        Self.map((try? socket.write(bytes, more: more)) ?? .peerClosed, waiting: .writable)
    }

    func sendFile(_ file: FileDescriptor, offset: Int64, count: Int) -> StreamResult {
        Self.map((try? socket.sendfile(from: file, offset: offset, count: count)) ?? .peerClosed, waiting: .writable)
    }

    func shutdownWrite() { try? socket.shutdown(.write) }

    func release() { slot?.release() }

    @inline(__always)
    private static func map(_ transfer: Transfer, waiting interest: Interest) -> StreamResult {
        switch transfer {
        case .bytes(let n): .bytes(n)
        case .wouldBlock: .wouldBlock(interest)
        case .peerClosed: .closed
        }
    }
}
