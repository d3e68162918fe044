import Transport

/// A listener the server bound: what it was asked for and the address it got (port 0
/// resolved). One per configured address; each worker holds its own socket for it.
public struct BoundListener: Sendable, Hashable {
    /// What was asked for (TLS, PROXY protocol).
    public let spec: ServerConfiguration.ListenSpec
    /// The address bound.
    public let address: SocketAddress

    /// The URL clients use: `http://…/` or `https://…/`.
    public var url: String { (spec.tls ? "https://" : "http://") + "\(address)/" }
}
