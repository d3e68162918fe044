import Transport

/// The outcome of moving bytes through a `TLSSession`: the TLS counterpart of Transport's
/// `Transfer`, saying what to wait for when OpenSSL cannot go on.
public enum TLSTransfer: Sendable, Hashable {
    /// This many plaintext bytes moved. For `read`, never 0; for `sendFile`, 0 means the file
    /// ended before the range did (it was truncated while being served): an error, not a retry.
    /// `handshake()` returns `.bytes(0)` once the handshake is complete.
    case bytes(Int)
    /// Nothing more can move until the socket is ready for this: `.readable` when OpenSSL needs
    /// the peer's bytes (`SSL_ERROR_WANT_READ`), `.writable` when it needs send-buffer space
    /// (`SSL_ERROR_WANT_WRITE`). A write can need a read and a read a write (handshake flights,
    /// TLS 1.3 key updates), so set the loop's interest to exactly this, then retry the same call.
    case wouldBlock(Interest)
    /// The peer is gone: a clean `close_notify`, end of stream, a reset or a broken pipe.
    case closed
}
