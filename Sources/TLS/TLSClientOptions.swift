/// How a client context (tests, tools) connects: versions, ALPN offers, tickets, ciphers.
public struct TLSClientOptions: Sendable {
    /// Lowest version offered. Below TLS 1.2 the context drops to OpenSSL security level 0,
    /// which those versions need, so a test can check that a server refuses them.
    public var minimumVersion: TLSVersion
    /// Highest version offered.
    public var maximumVersion: TLSVersion
    /// ALPN protocols offered, most preferred first (RFC 7301); empty offers none.
    public var applicationProtocols: [String]
    /// Whether to ask for session tickets; without them TLS 1.2 resumes through the server's
    /// session-ID cache.
    public var sessionTickets: Bool
    /// An OpenSSL TLS 1.2 cipher list to offer instead of the default (`nil`: OpenSSL's default).
    public var cipherList: String?

    /// Defaults: TLS 1.2 to 1.3, ALPN `http/1.1`, tickets, OpenSSL's ciphers.
    public init(
        minimumVersion: TLSVersion = .tls1_2,
        maximumVersion: TLSVersion = .tls1_3,
        applicationProtocols: [String] = ["http/1.1"],
        sessionTickets: Bool = true,
        cipherList: String? = nil
    ) {
        self.minimumVersion = minimumVersion
        self.maximumVersion = maximumVersion
        self.applicationProtocols = applicationProtocols
        self.sessionTickets = sessionTickets
        self.cipherList = cipherList
    }
}
