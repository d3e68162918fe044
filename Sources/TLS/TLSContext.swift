import CTLS

/// The configuration every TLS connection of one role starts from: an OpenSSL `SSL_CTX` (one
/// per certificate pair for a server) with the certificates, the protocol policy and the
/// session cache. Build one at startup (and a new one on reload); every worker thread shares it.
///
/// A **server** context (`init(certificates:options:)`) speaks TLS 1.2 and 1.3 only, with:
/// - TLS 1.2 ciphers: Mozilla's "intermediate" list (guidelines 5.7): ECDHE-ECDSA and ECDHE-RSA
///   with AES-GCM and ChaCha20-Poly1305, then DHE-RSA with the same, the DHE groups picked by
///   OpenSSL to match the key (`SSL_CTX_set_dh_auto`, RFC 7919 groups). TLS 1.3 suites are
///   OpenSSL's defaults. Groups X25519, P-256, P-384. The server's order wins
///   (`SSL_OP_CIPHER_SERVER_PREFERENCE`), except that a client listing ChaCha20 first gets it
///   (`SSL_OP_PRIORITIZE_CHACHA`: such clients lack AES hardware).
/// - No compression (CRIME), no renegotiation (`SSL_OP_NO_RENEGOTIATION`), ALPN `http/1.1` only
///   (a client offering only `h2` gets no ALPN and goes on), SNI choosing between the pairs.
/// - Resumption by session tickets under rotating keys (`TLSSessionTicketKeys`, through
///   `SSL_CTX_set_tlsext_ticket_key_evp_cb`) and by a server-side session-ID cache shared by all
///   threads (`SSL_SESS_CACHE_SERVER`, sized, with a session ID context).
/// - `SSL_MODE_RELEASE_BUFFERS` (idle connections hold no record buffers),
///   `SSL_MODE_ENABLE_PARTIAL_WRITE` and `SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER`, read-ahead (one
///   `read(2)` per arrival, not two per record), kernel TLS where the kernel has it
///   (`SSL_OP_ENABLE_KTLS`, only when `KernelTLSSupport` finds the `tls` ULP), and a peer's
///   missing `close_notify` taken as an ordinary end of stream (`SSL_OP_IGNORE_UNEXPECTED_EOF`:
///   HTTP frames its own messages).
///
/// A **client** context (`init(clientTrusting:options:)`) is for tests and tools.
///
/// `@unchecked Sendable`: OpenSSL allows one configured `SSL_CTX` to be used by any number of
/// threads at once (its session cache and reference counts are locked internally); nothing
/// here is mutated after `init` except through OpenSSL and `TLSSessionTicketKeys`' `Mutex`.
public final class TLSContext: @unchecked Sendable {
    /// The `SSL_CTX` new sessions are made from (a server's first pair).
    let primary: OpaquePointer
    /// Every `SSL_CTX` this owns, `primary` first (a server has one per pair).
    private let owned: [OpaquePointer]
    /// A server's callback state; `nil` for a client.
    let policy: HandshakePolicy?
    /// The leaf certificate of each configured pair, in order (empty for a client).
    public let certificates: [TLSCertificateDetails]

    /// A server context for `pairs` (the first is the default when SNI names none of them).
    /// Throws naming the first file that cannot be used: unreadable, not PEM, no certificate,
    /// no key, a key that is not the leaf's, or refused by OpenSSL.
    public init(certificates pairs: [TLSCertificatePair], options: TLSServerOptions = TLSServerOptions()) throws(TLSConfigurationError) {
        guard !pairs.isEmpty else { throw TLSConfigurationError(path: "", problem: .noCertificatePairs) }
        var contexts: [OpaquePointer] = []
        var details: [TLSCertificateDetails] = []
        do throws(TLSConfigurationError) {
            for pair in pairs {
                let loaded = try LoadedCertificatePair(pair)
                contexts.append(try Self.makeServerContext(serving: loaded, options: options))
                details.append(TLSCertificateDetails(certificate: loaded.leaf))
            }
        } catch {
            contexts.forEach { SSL_CTX_free($0) }
            throw error
        }
        let policy = HandshakePolicy(contexts: contexts, names: details.map(\.hostNames), ticketKeys: options.ticketKeys)
        policy.install()
        self.primary = contexts[0]
        self.owned = contexts
        self.policy = policy
        self.certificates = details
    }

    /// A client context that trusts the certificates in `caFile` (PEM) and verifies the
    /// server's chain and name.
    public init(clientTrusting caFile: String, options: TLSClientOptions = TLSClientOptions()) throws(TLSConfigurationError) {
        let context = try Self.makeClientContext(trusting: caFile, options: options)
        self.primary = context
        self.owned = [context]
        self.policy = nil
        self.certificates = []
    }

    deinit {
        owned.forEach { SSL_CTX_free($0) }
    }

    /// Whether this is a server context.
    public var isServer: Bool { policy != nil }

    /// Makes a new session-ticket key current at once (the current one still opens tickets until
    /// the next rotation). The keys also rotate by themselves; see `TLSSessionTicketKeys`.
    public func rotateSessionTicketKeys() {
        policy?.ticketKeys.rotate()
    }

    /// Fails with OpenSSL's queued reason unless `succeeded`, blaming `path`.
    static func require(_ succeeded: Bool, _ path: String, _ problem: TLSConfigurationError.Problem = .rejected) throws(TLSConfigurationError) {
        guard succeeded else { throw TLSConfigurationError(path: path, problem: problem, queued: OpenSSLErrorQueue.drain()) }
    }
}
