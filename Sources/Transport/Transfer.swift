/// The outcome of moving bytes through a connected, non-blocking socket.
public enum Transfer: Sendable, Equatable {
    /// This many bytes moved. For `read`, never 0 (end of stream is `.peerClosed`); for `sendfile`,
    /// 0 means the file ended before `count` bytes (it was truncated under us).
    case bytes(Int)
    /// Nothing moved now; wait for readiness (`Interest.readable` / `.writable`) and retry.
    case wouldBlock
    /// The peer is gone: end of stream on read, or `ECONNRESET` / `EPIPE` on any operation.
    case peerClosed
}
