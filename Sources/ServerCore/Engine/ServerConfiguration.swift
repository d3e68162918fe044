import Transport

/// How `gatehouse serve` was asked to run: the rule file, where to listen, how many workers, and
/// where the logs go. Flags override the rule file's `Port`, `AccessLog` and `ErrorLog`.
public struct ServerConfiguration: Sendable {
    /// Absolute path of the rule file.
    public var configPath: String
    /// Addresses to listen on; empty means 127.0.0.1 on the rule file's `Port` (default 8080).
    public var listen: [SocketAddress]
    /// Worker threads, each with its own event loop and listener.
    public var workers: Int
    /// Access log path (`-` for standard output); nil means the rule file's, else standard output.
    public var accessLog: String?
    /// Error log path (`-` for standard output, `stderr`); nil means the rule file's, else standard error.
    public var errorLog: String?

    /// Makes a configuration.
    public init(configPath: String, listen: [SocketAddress] = [], workers: Int, accessLog: String? = nil, errorLog: String? = nil) {
        self.configPath = configPath
        self.listen = listen
        self.workers = workers
        self.accessLog = accessLog
        self.errorLog = errorLog
    }
}
