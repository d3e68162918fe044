import Protection
import Transport

/// What the request handler returns once the Gate allowed a proxy request: it takes the client
/// socket over from the connection and starts the exchange (absolute-form) or tunnel (CONNECT).
final class ProxyHandOff: ConnectionTakeover {
    /// Which kind of proxying.
    enum Kind: Sendable {
        /// Forward one HTTP request and relay its response.
        case forward
        /// Relay bytes both ways (`CONNECT`).
        case tunnel
    }

    private let kind: Kind
    private let request: ProxyRequest

    /// A hand-off for `request`.
    init(_ kind: Kind, request: ProxyRequest) {
        self.kind = kind
        self.request = request
    }

    /// Starts the exchange or tunnel, which owns the socket from now on.
    func take(socket: Socket, client: ClientAddress, leftover: [UInt8], context: LoopContext) {
        switch kind {
        case .forward:
            ProxyExchange(request: request, client: socket, clientAddress: client, context: context).start(leftover: leftover)
        case .tunnel:
            ProxyTunnel(request: request, client: socket, clientAddress: client, context: context).start(leftover: leftover)
        }
    }
}
