import Transport

/// One side of a proxied connection as the event loop sees it: the loop calls one handler per
/// descriptor, so each socket of an exchange or tunnel is registered with its own endpoint, which
/// tells the relay which side is ready. The endpoint holds the relay's owner (the loop holds the
/// endpoint while registered, so the exchange or tunnel lives as long as one of its sockets is
/// registered, and the relay closes once neither is); the relay holds its owner weakly, so there
/// is no cycle.
final class ProxyEndpoint: EventHandler {
    /// Which socket.
    enum Side: Sendable {
        /// The client's connection to the proxy.
        case client
        /// The proxy's connection to the origin (or tunnel destination).
        case upstream

        /// The side the bytes read from this one are sent to.
        var other: Side {
            switch self {
            case .client: .upstream
            case .upstream: .client
            }
        }
    }

    private let owner: any ProxyRelayOwner
    private let side: Side

    /// An endpoint reporting `side` to `owner`'s relay.
    init(_ owner: any ProxyRelayOwner, side: Side) {
        self.owner = owner
        self.side = side
    }

    /// Reports readability.
    func readable() { owner.relay.readable(side) }
    /// Reports writability.
    func writable() { owner.relay.writable(side) }
    /// Reports an error or hang-up.
    func hangup() { owner.relay.hangup(side) }
}
