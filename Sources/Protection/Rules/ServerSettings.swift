/// Gatehouse's deployment directives in the rule file: TLS listeners and certificates, the
/// HTTPS policy, trusted proxies, the run-as user, logging, response headers, error documents and
/// compression. Parsed once with the rule file (each value remembers its line, so `check` and the
/// server can report `file:line:`); the server applies them, the protection core never does.
public struct ServerSettings: Sendable, Hashable {
    /// A value and the rule-file line that set it.
    public struct Sourced<Value: Sendable & Hashable>: Sendable, Hashable {
        /// The value.
        public let value: Value
        /// Its line in the rule file.
        public let line: Int

        /// Makes a sourced value.
        public init(_ value: Value, line: Int) {
            self.value = value
            self.line = line
        }
    }

    /// `AddHeader TEMPLATE Name: value`: a field added to every response whose URL matches.
    public struct HeaderRule: Sendable, Hashable {
        /// Matched against the request's URL path as `Protect` templates are.
        public let template: RuleTemplate
        /// The field name (a token).
        public let name: String
        /// The field value as written.
        public let value: String
        /// Its line in the rule file.
        public let line: Int

        /// Makes a rule.
        public init(template: RuleTemplate, name: String, value: String, line: Int) {
            self.template = template
            self.name = name
            self.value = value
            self.line = line
        }
    }

    /// `LogFormat`.
    public enum LogFormat: String, Sendable, Hashable, CaseIterable {
        /// The Common Log Format (CERN's, with the authenticated user).
        case common
        /// Common plus the quoted `Referer` and `User-Agent` (Apache's and nginx's "combined").
        case combined
        /// One JSON object per line.
        case json
    }

    /// `LogTime`.
    public enum LogTime: String, Sendable, Hashable, CaseIterable {
        /// The server's local time zone (CERN's and Apache's default).
        case local
        /// UTC.
        case utc
    }

    /// The addresses allowed to send credentials over plain HTTP by default: this machine.
    public static let defaultPlainAuthFrom: [AddressTemplate] = [
        .network(bytes: [127, 0, 0, 0], prefixLength: 8),
        .network(bytes: [UInt8](repeating: 0, count: 15) + [1], prefixLength: 128),
    ]

    /// Types compressed on the fly by default (nginx's `gzip_types` plus the common text types).
    public static let defaultCompressionTypes = [
        "text/html", "text/plain", "text/css", "text/javascript", "text/xml", "text/markdown", "text/csv",
        "application/javascript", "application/json", "application/xml", "application/manifest+json",
        "application/ld+json", "application/rss+xml", "application/atom+xml", "image/svg+xml",
    ]

    /// `TLSListen HOST:PORT` lines, as written (the server parses the address).
    public var tlsListen: [Sourced<String>] = []
    /// `TLSCertificate PATH` (absolute): the PEM chain, leaf first.
    public var tlsCertificate: Sourced<String>?
    /// `TLSCertificateKey PATH` (absolute): the PEM private key.
    public var tlsCertificateKey: Sourced<String>?
    /// `RedirectToTLS On|Off` [Off].
    public var redirectToTLS = false
    /// `HostName NAME`: the name redirects give when a request names no host (HTTP/1.0
    /// without `Host`); nil means `localhost`.
    public var hostName: String?
    /// `StrictTransportSecurity VALUE`: sent on every response over TLS.
    public var strictTransportSecurity: String?
    /// `RequireTLSForAuth On|Off`; nil means the default (On when a TLS listener exists).
    public var requireTLSForAuth: Bool?
    /// `PlainAuthFrom ADDRESS|CIDR…|None` [127.0.0.0/8 ::1].
    public var plainAuthFrom: [AddressTemplate] = ServerSettings.defaultPlainAuthFrom
    /// `UserId NAME|NUMBER`: the user to serve as after binding (as root).
    public var userId: Sourced<String>?
    /// `GroupId NAME|NUMBER`: the group to serve as after binding (as root).
    public var groupId: Sourced<String>?
    /// `TrustedProxy ADDRESS|CIDR…`: peers whose `Forwarded` / `X-Forwarded-For` and PROXY
    /// headers are believed.
    public var trustedProxies: [AddressTemplate] = []
    /// `TrustedProxyHeader`: which forwarding header trusted proxies write.
    public enum ForwardingHeader: String, Sendable, Hashable, CaseIterable {
        /// RFC 7239 `Forwarded`.
        case forwarded
        /// `X-Forwarded-For`.
        case xForwardedFor = "x-forwarded-for"
        /// `Forwarded` when the request has one, else `X-Forwarded-For`.
        case either
    }

    /// `TrustedProxyHeader Forwarded|X-Forwarded-For|Either` [Either].
    public var trustedProxyHeader = ForwardingHeader.either
    /// `ProxyProtocol On|Off` [Off]: the rule file's listeners expect a PROXY protocol header.
    public var proxyProtocol = false
    /// `LogFormat common|combined|json` [common].
    public var logFormat = LogFormat.common
    /// `LogTime local|utc` [local].
    public var logTime = LogTime.local
    /// `AddHeader` rules in file order.
    public var addHeaders: [HeaderRule] = []
    /// `ErrorDocument STATUS PATH` (absolute paths), by status.
    public var errorDocuments: [Int: Sourced<String>] = [:]
    /// `Compression On|Off` [On]: gzip text responses on the fly.
    public var compression = true
    /// `CompressionTypes TYPE…`: the media types compressed on the fly.
    public var compressionTypes: [String] = ServerSettings.defaultCompressionTypes

    /// The defaults.
    public init() {}
}
