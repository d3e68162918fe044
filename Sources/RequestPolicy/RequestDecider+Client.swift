import HTTPWire
import Protection

extension RequestDecider {
    /// The client address the Gate, the throttle and the log use: the peer, or — when the peer
    /// is a `TrustedProxy` — the client its forwarding header names, walking right to left past
    /// trusted hops (nginx's `real_ip_recursive on`). From anyone else the headers are ignored.
    func resolveClient(_ head: RequestHead, peer: ClientAddress, tracing: Bool, steps: inout [TraceStep]) -> ClientAddress {
        guard !settings.trustedProxies.isEmpty, isTrusted(peer), let peerIP = IPAddress(bytes: peer.bytes) else { return peer }
        let source: ForwardedChain.Source
        switch settings.trustedProxyHeader {
        case .forwarded: source = .forwarded
        case .xForwardedFor: source = .xForwardedFor
        case .either: source = .forwardedElseXForwardedFor
        }
        let chain = ForwardedChain(headers: head.headers, source: source)
        guard !chain.nodes.isEmpty else { return peer }
        let resolution = chain.resolveClient(peer: peerIP) { address in self.isTrusted(ClientAddress(bytes: address.bytes)) }
        let client = ClientAddress(bytes: resolution.address.bytes)
        if tracing {
            steps.append(TraceStep("client", .info, resolution.hopsUsed == 0
                ? "\(peer) is a trusted proxy, and its forwarding header names no other client"
                : "\(peer) is a trusted proxy; the forwarding header, read right to left past \(resolution.hopsUsed - 1) more trusted hop(s), names \(client)"
                  + (resolution.isHidden ? " (the next hop hides its address)" : "")))
        }
        return client
    }

    /// The client address for `head` from `peer` (as `decide` works it out), for answers given
    /// without a decision (a remembered one).
    public func client(of head: RequestHead, peer: ClientAddress) -> ClientAddress {
        var steps: [TraceStep] = []
        return resolveClient(head, peer: peer, tracing: false, steps: &steps)
    }

    /// Whether `address` is a `TrustedProxy`.
    public func isTrusted(_ address: ClientAddress) -> Bool {
        settings.trustedProxies.contains { $0.matches(address) }
    }
}
