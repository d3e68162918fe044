import CTLS
import Glibc
import Transport

/// One TLS connection over a connected, non-blocking socket: an OpenSSL `SSL`, used only on the
/// thread of the loop that owns the socket. Shaped like Transport's `Socket`, so a connection
/// driver can be generic over plain and TLS streams; see the module documentation for the loop.
///
/// The handshake happens implicitly in the first `read` (or `write`); `handshake()` drives it
/// explicitly. Nothing blocks: when OpenSSL needs the socket, the call returns
/// `.wouldBlock(interest)` and must be repeated (with the same bytes, for writes) once the
/// socket is ready for exactly that interest.
///
/// The session does not own the descriptor: the caller closes it after `shutdown()` (or
/// without it, after an error). It holds no buffer of its own while idle (OpenSSL's record
/// buffers are released between records; `sendFile`'s chunk only lives while a file is sent).
///
/// OpenSSL writes to the socket with `write(2)`, which raises SIGPIPE on a closed peer: the
/// process must ignore SIGPIPE (`Signals.ignoreBrokenPipe()`, which `Signals.install` does).
public final class TLSSession {
    /// The context this session was made from (kept alive as long as the session).
    public let context: TLSContext
    /// The connected socket OpenSSL reads and writes.
    public let socket: Socket
    /// The OpenSSL connection (`SSL *`).
    let ssl: OpaquePointer
    /// Set after a fatal error: OpenSSL forbids `SSL_shutdown` then.
    var failed = false
    /// Plaintext `sendFile` read but OpenSSL has not yet taken (`nil` when none is kept).
    var chunk: FileChunk?

    /// A server-side session on an accepted socket (accept state: the client speaks first).
    public convenience init(serving context: TLSContext, socket: Socket) throws(TLSError) {
        try self.init(context: context, socket: socket)
        SSL_set_accept_state(ssl)
    }

    /// A client-side session on a connected socket, sending `serverName` as SNI (a host name,
    /// not an IP address literal; RFC 6066 §3), checking the server's certificate names
    /// `expectedHost` (default: `serverName`; with neither, only the chain is checked), and
    /// offering `resuming` for an abbreviated handshake.
    public convenience init(
        connectingWith context: TLSContext, socket: Socket, serverName: String?, expectedHost: String? = nil,
        resuming: TLSSavedSession? = nil
    ) throws(TLSError) {
        try self.init(context: context, socket: socket)
        SSL_set_connect_state(ssl)
        if let serverName, ctls_set_tlsext_host_name(ssl, serverName) != 1 {
            throw TLSError(.misuse, detail: "server name \"\(serverName)\" refused")
        }
        if let host = expectedHost ?? serverName, SSL_set1_host(ssl, host) != 1 {
            throw TLSError(.misuse, detail: "host name \"\(host)\" refused")
        }
        if let resuming {
            _ = SSL_set_session(ssl, resuming.session)
        }
    }

    /// Creates the `SSL` on the socket's descriptor.
    private init(context: TLSContext, socket: Socket) throws(TLSError) {
        OpenSSLErrorQueue.clear()
        guard let ssl = SSL_new(context.primary) else {
            throw TLSError(.resources, detail: OpenSSLErrorQueue.drain()?.text ?? "SSL_new failed")
        }
        guard SSL_set_fd(ssl, socket.descriptor.rawValue) == 1 else {
            SSL_free(ssl)
            throw TLSError(.resources, detail: OpenSSLErrorQueue.drain()?.text ?? "SSL_set_fd failed")
        }
        self.context = context
        self.socket = socket
        self.ssl = ssl
    }

    deinit {
        releaseChunk()
        SSL_free(ssl)
    }

    /// Drives the handshake on: `.bytes(0)` once it is complete, `.wouldBlock` while it needs
    /// the socket, `.closed` if the peer left. Optional: `read` and `write` do it implicitly.
    public func handshake() throws(TLSError) -> TLSTransfer {
        guard SSL_is_init_finished(ssl) != 1 else { return .bytes(0) }
        OpenSSLErrorQueue.clear()
        let result = SSL_do_handshake(ssl)
        return result == 1 ? .bytes(0) : try outcome(of: result, "SSL_do_handshake")
    }

    /// Reads decrypted bytes into `buffer` (not empty), continuing the handshake first if needed.
    ///
    /// One call returns at most one record's plaintext (16 KiB). A server context reads ahead,
    /// so further records that arrived with it may wait inside OpenSSL (at most one read
    /// buffer, about 16 KiB) where epoll cannot see them, as may the rest of a record read into
    /// a smaller `buffer`: read again while `hasBufferedInput` is true.
    public func read(into buffer: UnsafeMutableRawBufferPointer) throws(TLSError) -> TLSTransfer {
        assert(!buffer.isEmpty, "an empty read would look like end of stream")
        OpenSSLErrorQueue.clear()
        return try outcome(of: SSL_read(ssl, buffer.baseAddress, Int32(clamping: buffer.count)), "SSL_read")
    }

    /// Encrypts and sends a prefix of `bytes`; returns how much was taken (at most one record
    /// per call, partial writes being on).
    ///
    /// The retry contract (OpenSSL's): after `.wouldBlock`, OpenSSL holds an encrypted record
    /// made from the start of `bytes`. The next write on this session must be this call again
    /// with a buffer that starts with the same bytes (it may live elsewhere and be longer:
    /// `SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER`), before any other write or `sendFile`.
    public func write(_ bytes: UnsafeRawBufferPointer) throws(TLSError) -> TLSTransfer {
        guard !bytes.isEmpty else { return .bytes(0) }
        OpenSSLErrorQueue.clear()
        return try outcome(of: SSL_write(ssl, bytes.baseAddress, Int32(clamping: bytes.count)), "SSL_write")
    }

    /// Sends `close_notify` if the handshake finished and nothing failed (RFC 8446 §6.1), without
    /// waiting for the peer's, and releases `sendFile`'s chunk. Best effort: returns whether the
    /// alert was handed to the socket. The caller closes the socket afterwards.
    @discardableResult
    public func shutdown() -> Bool {
        releaseChunk()
        guard !failed, SSL_is_init_finished(ssl) == 1 else { return false }
        OpenSSLErrorQueue.clear()
        let result = SSL_shutdown(ssl)
        OpenSSLErrorQueue.clear()
        return result >= 0
    }

    /// Maps an OpenSSL I/O result: positive is a byte count; otherwise `SSL_get_error` says
    /// whether to wait (and for what), whether the peer left, or what failed.
    @inline(__always)
    func outcome(of result: Int32, _ call: StaticString) throws(TLSError) -> TLSTransfer {
        if result > 0 { return .bytes(Int(result)) }
        let systemError = errno
        switch SSL_get_error(ssl, result) {
        case SSL_ERROR_WANT_READ:
            return .wouldBlock(.readable)
        case SSL_ERROR_WANT_WRITE:
            return .wouldBlock(.writable)
        case SSL_ERROR_ZERO_RETURN:
            return .closed
        case SSL_ERROR_SYSCALL:
            return try systemFailure(errno: systemError, call)
        case SSL_ERROR_SSL:
            failed = true
            let entry = OpenSSLErrorQueue.drain()
            // Only without SSL_OP_IGNORE_UNEXPECTED_EOF (client contexts): a bare end of stream.
            if let entry, entry.library == ERR_LIB_SSL, entry.reason == SSL_R_UNEXPECTED_EOF_WHILE_READING { return .closed }
            throw TLSError(openSSL: entry)
        default:
            failed = true
            throw TLSError(.protocolFailure, detail: OpenSSLErrorQueue.drain()?.text ?? "\(call) failed")
        }
    }

    /// `SSL_ERROR_SYSCALL`: the socket failed (or ended) under OpenSSL. A reset, a broken pipe
    /// or a bare end of stream is the peer leaving; anything else is thrown.
    private func systemFailure(errno systemError: Int32, _ call: StaticString) throws(TLSError) -> TLSTransfer {
        failed = true
        var code = systemError
        if let entry = OpenSSLErrorQueue.drain() {
            // OpenSSL queues some socket failures as ERR_LIB_SYS, with errno as the reason.
            guard entry.library == ERR_LIB_SYS else { throw TLSError(openSSL: entry) }
            code = entry.reason
        }
        switch code {
        case 0, ECONNRESET, EPIPE: return .closed
        default: throw TLSError(system: Errno(code, call: call))
        }
    }
}
