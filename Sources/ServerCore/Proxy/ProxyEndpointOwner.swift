/// What owns both sockets of a proxied connection (an exchange or a tunnel).
protocol ProxyEndpointOwner: AnyObject {
    /// `side` is readable.
    func readable(_ side: ProxyEndpoint.Side)
    /// `side` is writable.
    func writable(_ side: ProxyEndpoint.Side)
    /// `side` reported `EPOLLERR` or `EPOLLHUP`.
    func hangup(_ side: ProxyEndpoint.Side)
}
