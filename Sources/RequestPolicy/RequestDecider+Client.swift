import HTTPWire
import Protection

extension RequestDecider {
    /// The client address the Gate, the throttle and the log use: the peer, or — when the peer
    /// is a `TrustedProxy` — the client its forwarding headers name.
    func resolveClient(_ head: RequestHead, peer: ClientAddress, tracing: Bool, steps: inout [TraceStep]) -> ClientAddress {
        guard !settings.trustedProxies.isEmpty else { return peer }
        // Filled in with the Forwarded / X-Forwarded-For walk.
        return peer
    }
}
