import Transport

/// One side of a proxied connection as the event loop sees it: the loop calls one handler per
/// descriptor, so each socket of an exchange or tunnel is registered with its own endpoint, which
/// tells the owner which side is ready. The endpoint holds its owner (the loop holds the
/// endpoint while registered); the owner does not hold its endpoints, so there is no cycle.
final class ProxyEndpoint: EventHandler {
    /// Which socket.
    enum Side: Sendable {
        /// The client's connection to the proxy.
        case client
        /// The proxy's connection to the origin (or tunnel destination).
        case upstream
    }

    private let owner: any ProxyEndpointOwner
    private let side: Side

    /// An endpoint reporting `side` to `owner`.
    init(_ owner: any ProxyEndpointOwner, side: Side) {
        self.owner = owner
        self.side = side
    }

    /// Reports readability.
    func readable() { owner.readable(side) }
    /// Reports writability.
    func writable() { owner.writable(side) }
    /// Reports an error or hang-up.
    func hangup() { owner.hangup(side) }
}
