import Transport

/// How `gatehouse serve` was asked to run: the rule file, where to listen, how many workers, and
/// where the logs go. Flags override the rule file's `Port`, `TLSListen`, `AccessLog` and `ErrorLog`.
public struct ServerConfiguration: Sendable {
    /// One address to listen on.
    public struct ListenSpec: Sendable, Hashable {
        /// The address (port 0: one the kernel picks).
        public var address: SocketAddress
        /// Whether the listener speaks TLS.
        public var tls: Bool
        /// Whether every connection starts with a PROXY protocol header (HAProxy's v1 or v2).
        public var proxyProtocol: Bool

        /// Makes a listener description.
        public init(address: SocketAddress, tls: Bool = false, proxyProtocol: Bool = false) {
            self.address = address
            self.tls = tls
            self.proxyProtocol = proxyProtocol
        }
    }

    /// Absolute path of the rule file.
    public var configPath: String
    /// Listeners; empty means the rule file's: 127.0.0.1 on its `Port` (default 8080), plus one
    /// per `TLSListen`.
    public var listen: [ListenSpec]
    /// Worker threads, each with its own event loop and listener.
    public var workers: Int
    /// Access log path (`-` for standard output); nil means the rule file's, else standard output.
    public var accessLog: String?
    /// Error log path (`-` for standard output, `stderr`); nil means the rule file's, else standard error.
    public var errorLog: String?

    /// Makes a configuration.
    public init(configPath: String, listen: [ListenSpec] = [], workers: Int, accessLog: String? = nil, errorLog: String? = nil) {
        self.configPath = configPath
        self.listen = listen
        self.workers = workers
        self.accessLog = accessLog
        self.errorLog = errorLog
    }
}
