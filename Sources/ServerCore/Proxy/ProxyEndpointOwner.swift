import Transport

/// What owns both sockets of a proxied connection (an exchange or a tunnel).
protocol ProxyEndpointOwner: AnyObject {
    /// `side` is readable.
    func readable(_ side: ProxyEndpoint.Side)
    /// `side` is writable.
    func writable(_ side: ProxyEndpoint.Side)
    /// `side` reported `EPOLLERR` or `EPOLLHUP`.
    func hangup(_ side: ProxyEndpoint.Side)
}

extension ProxyEndpointOwner {
    /// Registers a freshly connected upstream socket on `loop` with this owner's upstream
    /// endpoint (no interest yet). On failure the socket is closed and the failure to answer
    /// the client with is returned.
    func registerUpstream(_ socket: Socket, on loop: EventLoop) -> ProxyFailure? {
        do {
            try loop.register(socket.descriptor, interest: [], handler: ProxyEndpoint(self, side: .upstream))
            return nil
        } catch {
            socket.descriptor.closeIgnoringErrors()
            return .connectFailed("\(error)")
        }
    }
}
