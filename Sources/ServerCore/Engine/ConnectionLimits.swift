import Protection

/// The timeouts and caps for connections, from the rule file's Gatehouse directives.
struct ConnectionLimits: Sendable {
    var headTimeout: Int64 = 10_000
    var idleTimeout: Int64 = 5_000
    var sendTimeout: Int64 = 30_000
    var bodyTimeout: Int64 = 60_000
    var maxConnections = 10_000
    var maxConnectionsPerAddress = 256

    init() {}

    init(_ tuning: ServerTuning) {
        headTimeout = Int64(tuning.headTimeoutSeconds) * 1000
        idleTimeout = Int64(tuning.idleTimeoutSeconds) * 1000
        sendTimeout = Int64(tuning.sendTimeoutSeconds) * 1000
        bodyTimeout = Int64(tuning.bodyTimeoutSeconds) * 1000
        maxConnections = tuning.maxConnections
        maxConnectionsPerAddress = tuning.maxConnectionsPerAddress
    }
}
