/// The tunable parts of a server context; everything else is fixed policy (see `TLSContext`).
public struct TLSServerOptions: Sendable {
    /// Sessions kept in the server-side session-ID cache (for clients without ticket support).
    public var sessionCacheSize: Int
    /// How long a session may be resumed, by ID or by ticket, in seconds.
    public var sessionTimeoutSeconds: Int64
    /// The session-ticket keys; pass the previous context's on reload so its tickets still resume.
    public var ticketKeys: TLSSessionTicketKeys
    /// Ask OpenSSL to hand record encryption to the kernel (`SSL_OP_ENABLE_KTLS`) where the
    /// kernel has the `tls` module loaded when the context is built (`KernelTLSSupport`) and
    /// the cipher allows it; without it nothing changes.
    public var kernelTLS: Bool

    /// The defaults: a 20480-session cache, one-day sessions, fresh keys rotated every 12 h,
    /// kernel TLS where available.
    public init(
        sessionCacheSize: Int = TLSLimits.sessionCacheSize,
        sessionTimeoutSeconds: Int64 = TLSLimits.sessionTimeoutSeconds,
        ticketKeys: TLSSessionTicketKeys = TLSSessionTicketKeys(),
        kernelTLS: Bool = true
    ) {
        self.sessionCacheSize = sessionCacheSize
        self.sessionTimeoutSeconds = sessionTimeoutSeconds
        self.ticketKeys = ticketKeys
        self.kernelTLS = kernelTLS
    }
}
