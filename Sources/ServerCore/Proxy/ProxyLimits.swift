/// Every fixed limit of proxy mode, in one place.
enum ProxyLimits {
    /// Name resolution plus TCP connect to the origin must finish within this (then 504).
    static let connectTimeout: Int64 = 10_000
    /// Waiting for the origin's response head, or for its next body bytes (then 504 before the
    /// head, a closed connection after it).
    static let responseTimeout: Int64 = 60_000
    /// A CONNECT tunnel with no bytes in either direction for this long is closed.
    static let tunnelIdleTimeout: Int64 = 5 * 60_000
    /// Bytes buffered per direction; reading from one side stops while the other side's buffer is
    /// full (backpressure), so a fast sender cannot fill the server's memory.
    static let bufferBytes = 64 * 1024
    /// The longest response head accepted from an origin (status line and fields); more is 502.
    static let maxResponseHeadBytes = 64 * 1024
    /// The most field lines accepted in an origin's response head; more is 502.
    static let maxResponseFields = 200
    /// The most interim (1xx) responses relayed before the final one; more is 502.
    static let maxInterimResponses = 8
    /// Name look-ups running at once (each holds a thread in `getaddrinfo`); more get 503.
    static let maxConcurrentResolutions = 64
    /// The CONNECT port allowed without a `ProxyConnectPorts` directive (HTTPS).
    static let defaultConnectPort = 443
    /// An idle keep-alive connection to an origin is reused only within this long (origins close
    /// theirs after 5 s (Apache) to 75 s (nginx); a stale one is detected and the request retried).
    static let poolIdleTimeout: Int64 = 30_000
    /// Idle origin connections kept for one destination and proxy user.
    static let maxPooledPerKey = 64
    /// Idle origin connections kept in all.
    static let maxPooledConnections = 1024
    /// The `Via` pseudonym (RFC 9110 §7.6.3): no host name or version is disclosed.
    static let viaPseudonym = "gatehouse"
}
