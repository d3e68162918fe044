import Protection

/// The rule file's request policy, worked out once per configuration: which methods are on, the
/// HTTPS policy with the listeners' facts, trusted proxies, `AddHeader` rules and the proxy's
/// limits. Immutable; the server makes one per reload.
public struct DecisionSettings: Sendable {
    /// Methods answered besides GET and HEAD (PUT and DELETE after `Enable`).
    public let enabledMethods: Set<String>
    /// The `Allow` value: what this server answers.
    public let allowedMethods: String
    /// Credentials over plain HTTP are refused unless the client is in `plainAuthFrom`.
    public let requireTLSForAuth: Bool
    /// Plain listeners answer every origin request with 308 to HTTPS.
    public let redirectToTLS: Bool
    /// The port HTTPS redirects name (nil: 443, left out of the URL).
    public let tlsPort: Int?
    /// Who may send credentials over plain HTTP.
    public let plainAuthFrom: [AddressTemplate]
    /// Peers whose forwarding headers are believed.
    public let trustedProxies: [AddressTemplate]
    /// Which header they write.
    public let trustedProxyHeader: ServerSettings.ForwardingHeader
    /// `AddHeader` rules.
    public let addHeaders: [ServerSettings.HeaderRule]
    /// The largest request body (`MaxBodySize`).
    public let maxBodyBytes: Int
    /// CONNECT ports besides 443.
    public let proxyConnectPorts: [Int]
    /// Where the proxy may connect.
    public let proxyDestinations: ProxyDestinationPolicy
    /// The host named in redirects when a request has no `Host` (HTTP/1.0).
    public let hostName: String

    /// CONNECT's port without `ProxyConnectPorts` (HTTPS).
    public static let defaultConnectPort = 443

    /// The settings of `rules`, for a server whose TLS listeners use `tlsPorts` (the first is
    /// the one redirects name).
    public init(rules: RuleFile, tlsPorts: [Int] = [], hostName: String = "localhost") {
        let settings = rules.settings
        enabledMethods = rules.enabledMethods
        var allow = "GET, HEAD, OPTIONS"
        if rules.enabledMethods.contains("PUT") { allow += ", PUT" }
        if rules.enabledMethods.contains("DELETE") { allow += ", DELETE" }
        allowedMethods = allow
        requireTLSForAuth = settings.requireTLSForAuth ?? !tlsPorts.isEmpty
        redirectToTLS = settings.redirectToTLS && !tlsPorts.isEmpty
        tlsPort = tlsPorts.first.flatMap { $0 == 443 ? nil : $0 }
        plainAuthFrom = settings.plainAuthFrom
        trustedProxies = settings.trustedProxies
        trustedProxyHeader = settings.trustedProxyHeader
        addHeaders = settings.addHeaders
        maxBodyBytes = rules.tuning.maxBodyBytes
        proxyConnectPorts = rules.proxyConnectPorts
        proxyDestinations = ProxyDestinationPolicy(allowed: rules.proxyDestinations)
        self.hostName = settings.hostName ?? hostName
    }
}
