import CTLS

/// A finished client session's resumption state (an OpenSSL `SSL_SESSION`: its ticket or ID
/// and secrets), offered on a later connection for an abbreviated handshake. For tests and
/// tools; owns one reference and releases it.
///
/// `@unchecked Sendable`: an `SSL_SESSION` is reference-counted with locking and not modified
/// once a connection has ended.
public final class TLSSavedSession: @unchecked Sendable {
    /// The session (`SSL_SESSION *`), one reference owned.
    let session: OpaquePointer

    /// Takes ownership of one reference to `session`.
    init(owning session: OpaquePointer) {
        self.session = session
    }

    deinit {
        SSL_SESSION_free(session)
    }

    /// Whether the session can be offered for resumption (TLS 1.3: a ticket has arrived).
    public var isResumable: Bool { SSL_SESSION_is_resumable(session) == 1 }

    /// The ticket this session would offer (RFC 8446 §4.6.1; RFC 5077 §3.3), empty when it has
    /// none (a TLS 1.2 session resumed by ID). Two saved sessions with the same bytes offer the
    /// same ticket, which tells whether a connection received a fresh one.
    public var ticket: [UInt8] {
        guard SSL_SESSION_has_ticket(session) == 1 else { return [] }
        var bytes: UnsafePointer<UInt8>?
        var length = 0
        SSL_SESSION_get0_ticket(session, &bytes, &length)
        guard let bytes else { return [] }
        return Array(UnsafeBufferPointer(start: bytes, count: length))
    }
}
