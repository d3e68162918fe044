import Transport

/// Which socket of a proxied connection.
enum ProxySide: Sendable {
    /// The client's connection to the proxy.
    case client
    /// The proxy's connection to the origin (or tunnel destination).
    case upstream

    /// The side the bytes read from this one are sent to.
    var other: ProxySide {
        switch self {
        case .client: .upstream
        case .upstream: .client
        }
    }
}

/// What the event loop reported for one socket.
enum ProxyReadiness: Sendable {
    case readable, writable, hangup
}

/// One side of a proxied connection as the event loop sees it: the loop calls one handler per
/// descriptor, so each socket of an exchange or tunnel is registered with its own endpoint, which
/// reports to the relay (through `report`) which side is ready. The endpoint holds the relay's
/// owner (the loop holds the endpoint while registered, so the exchange or tunnel lives as long
/// as one of its sockets is registered, and the relay closes once neither is); the relay holds
/// its owner weakly, so there is no cycle.
final class ProxyEndpoint: EventHandler {
    private let owner: AnyObject
    private let report: (ProxyReadiness) -> Void

    /// An endpoint keeping `owner` alive and passing each event to `report`.
    init(keeping owner: AnyObject, report: @escaping (ProxyReadiness) -> Void) {
        self.owner = owner
        self.report = report
    }

    /// Reports readability.
    func readable() { report(.readable) }
    /// Reports writability.
    func writable() { report(.writable) }
    /// Reports an error or hang-up.
    func hangup() { report(.hangup) }
}
