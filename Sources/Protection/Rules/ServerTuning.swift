/// Gatehouse's own rule-file directives for timeouts and limits. Each has a named default;
/// the README lists them.
public struct ServerTuning: Sendable, Hashable {
    /// `HeadTimeout SECONDS`: time to receive a request head.
    public var headTimeoutSeconds = 10
    /// `IdleTimeout SECONDS`: idle time between keep-alive requests.
    public var idleTimeoutSeconds = 5
    /// `SendTimeout SECONDS`: time without send progress before a connection is dropped.
    public var sendTimeoutSeconds = 30
    /// `MaxConnections N`: past this, new connections get 503 and are closed.
    public var maxConnections = 10_000
    /// `MaxBodySize BYTES`: the largest request body accepted (PUT).
    public var maxBodyBytes = 64 * 1024 * 1024
    /// `AuthFailureLimit N`: failed logins from one address per window before 429 (for one user
    /// name: before its attempts are paced, one hash a second; never refused by name alone).
    public var authFailureLimit = 10
    /// `AuthFailureWindow SECONDS`: the throttling window.
    public var authFailureWindowSeconds = 60
    /// `BodyTimeout SECONDS`: time without a byte of a request body before the upload is dropped.
    public var bodyTimeoutSeconds = 60
    /// `MaxConnectionsPerAddress N`: connections one client address may hold open at once.
    public var maxConnectionsPerAddress = 256

    /// The defaults.
    public init() {}

    /// The directive names and where each value goes, for the rule-file parser. Immutable after
    /// initialisation (key paths are not `Sendable`, hence `nonisolated(unsafe)`).
    nonisolated(unsafe) static let directives: [String: (WritableKeyPath<ServerTuning, Int>, ClosedRange<Int>)] = [
        "headtimeout": (\.headTimeoutSeconds, 1...3600),
        "idletimeout": (\.idleTimeoutSeconds, 1...3600),
        "sendtimeout": (\.sendTimeoutSeconds, 1...3600),
        "maxconnections": (\.maxConnections, 1...1_000_000),
        "maxbodysize": (\.maxBodyBytes, 0...(1 << 40)),
        "authfailurelimit": (\.authFailureLimit, 1...1_000_000),
        "authfailurewindow": (\.authFailureWindowSeconds, 1...86_400),
        "bodytimeout": (\.bodyTimeoutSeconds, 1...3600),
        "maxconnectionsperaddress": (\.maxConnectionsPerAddress, 1...1_000_000),
    ]
}
