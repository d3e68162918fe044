import Protection
import Transport

/// An allowed proxy request on its way to the proxy: the connection machine returns it, its
/// driver unregisters the client's stream and calls `start`, and from then on the exchange
/// (absolute-form) or tunnel (CONNECT) owns the stream, its loop registration, its timers and
/// the open-connection count. A kept-alive client goes back through `giveBack`, so the proxy
/// never names the connection types.
final class ProxyJob: Sendable {
    /// Which kind of proxying.
    enum Kind: Sendable {
        /// Forward one HTTP request and relay its response.
        case forward
        /// Relay bytes both ways (`CONNECT`).
        case tunnel
    }

    /// Forward or tunnel.
    let kind: Kind
    /// The request.
    let request: ProxyRequest

    /// A job of `kind` for `request`.
    init(kind: Kind, request: ProxyRequest) {
        self.kind = kind
        self.request = request
    }

    /// Starts the exchange or tunnel on `stream`; `leftover` holds bytes read past the head.
    /// `giveBack` takes the stream back as a new HTTP connection with the bytes read past the
    /// exchange (keep-alive).
    func start(stream: any ConnectionStream, client: ClientAddress, leftover: [UInt8], context: LoopContext,
               giveBack: @escaping (_ leftover: [UInt8]) -> Void) {
        switch kind {
        case .forward:
            ProxyExchange(request: request, client: stream, clientAddress: client, context: context, giveBack: giveBack).start(leftover: leftover)
        case .tunnel:
            ProxyTunnel(request: request, client: stream, clientAddress: client, context: context).start(leftover: leftover)
        }
    }
}
