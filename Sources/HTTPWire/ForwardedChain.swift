/// The hops a request passed through as `Forwarded` (RFC 7239) or `X-Forwarded-For` tells them,
/// left (the client, as the first proxy saw it) to right (the proxy nearest to us), and the walk
/// that finds the client behind the proxies the server trusts: nginx's realip module with
/// `real_ip_recursive on`.
///
/// Only the header the trusted proxies write may be believed: every other is whatever the client
/// sent. So the caller names the source (``Source``); when a configuration allows both, `Forwarded`
/// is read if present (it is the standard, and a proxy that writes it writes it on purpose), else
/// `X-Forwarded-For`. That mixed mode is only safe when every trusted proxy strips or rewrites both
/// headers; say so where it is configured.
public struct ForwardedChain: Sendable, Hashable {
    /// Which header carries the chain.
    public enum Source: Sendable, Hashable {
        /// `Forwarded` (RFC 7239): the `for=` of each element.
        case forwarded
        /// `X-Forwarded-For`: comma-separated addresses, optionally with ports or brackets.
        case xForwardedFor
        /// `Forwarded` if the request has any such field, else `X-Forwarded-For`.
        case forwardedElseXForwardedFor
    }

    /// What the walk concluded.
    public struct Resolution: Sendable, Hashable {
        /// The client address, as nginx's realip module would set it.
        public let address: IPAddress
        /// How many chain entries, from the right, the walk took (0: `address` is the peer).
        public let hopsUsed: Int
        /// Whether the walk stopped at a trusted `address` because the next entry had none (unknown,
        /// obfuscated, malformed) or the chain was cut at ``ForwardedChain/maxNodes``: the real
        /// client is hidden behind a trusted proxy. nginx then uses that proxy's address, and so
        /// does ``address``; a caller granting access by address may prefer to treat it as unknown.
        public let isHidden: Bool
    }

    /// The nodes, left to right: the rightmost ``maxNodes`` when there were more.
    public let nodes: [ForwardedNode]
    /// Whether nodes on the left were dropped to stay within ``maxNodes``.
    public let isTruncated: Bool

    /// The most nodes kept (the rightmost ones, which are the ones the walk reads first). Far more
    /// than any real chain of proxies; bounds the memory a hostile header costs.
    public static let maxNodes = 64

    /// The chain from a request's fields: every field line of the chosen header, in order.
    public init(headers: HTTPHeaders, source: Source) {
        var collector = Collector()
        switch source {
        case .forwarded:
            headers.forEachValue(named: "forwarded") { Self.scanForwarded($0, into: &collector) }
        case .xForwardedFor:
            headers.forEachValue(named: "x-forwarded-for") { Self.scanXForwardedFor($0, into: &collector) }
        case .forwardedElseXForwardedFor:
            var present = false
            headers.forEachValue(named: "forwarded") { value in
                present = true
                Self.scanForwarded(value, into: &collector)
            }
            if !present {
                headers.forEachValue(named: "x-forwarded-for") { Self.scanXForwardedFor($0, into: &collector) }
            }
        }
        (nodes, isTruncated) = collector.finish()
    }

    /// The chain from `Forwarded` field values (one per field line).
    public init(forwarded values: [String]) {
        self.init(values, scan: Self.scanForwarded)
    }

    /// The chain from `X-Forwarded-For` field values (one per field line).
    public init(xForwardedFor values: [String]) {
        self.init(values, scan: Self.scanXForwardedFor)
    }

    private init(_ values: [String], scan: (UnsafeRawBufferPointer, inout Collector) -> Void) {
        var collector = Collector()
        for value in values {
            var value = value
            value.withUTF8 { scan(UnsafeRawBufferPointer($0), &collector) }
        }
        (nodes, isTruncated) = collector.finish()
    }

    /// Walks right to left from the connection's `peer`: while the current address is trusted and
    /// entries remain, the next entry from the right becomes the current address; the first
    /// untrusted address is the client. An entry without an address stops the walk at the current
    /// (trusted) address, as nginx's `ngx_http_get_forwarded_addr` does when an entry does not
    /// parse. With every entry trusted, the leftmost is the client.
    public func resolveClient(peer: IPAddress, isTrusted: (IPAddress) -> Bool) -> Resolution {
        var current = peer.unmapped
        var index = nodes.count
        while isTrusted(current) {
            guard index > 0 else {
                return Resolution(address: current, hopsUsed: nodes.count, isHidden: isTruncated)
            }
            guard let next = nodes[index - 1].address else {
                return Resolution(address: current, hopsUsed: nodes.count - index, isHidden: true)
            }
            current = next
            index -= 1
        }
        return Resolution(address: current, hopsUsed: nodes.count - index, isHidden: false)
    }

    /// ``resolveClient(peer:isTrusted:)``'s address.
    public func clientAddress(peer: IPAddress, isTrusted: (IPAddress) -> Bool) -> IPAddress {
        resolveClient(peer: peer, isTrusted: isTrusted).address
    }

    /// Gathers nodes, keeping only the rightmost ``maxNodes``.
    struct Collector {
        private var nodes: [ForwardedNode] = []
        private var dropped = false

        /// Adds the next node to the right.
        mutating func append(_ node: ForwardedNode) {
            // Trim in batches, so a long chain costs amortised constant time per node.
            if nodes.count == 2 * ForwardedChain.maxNodes {
                nodes.removeFirst(ForwardedChain.maxNodes)
                dropped = true
            }
            nodes.append(node)
        }

        /// The rightmost ``ForwardedChain/maxNodes`` nodes, and whether any were dropped.
        consuming func finish() -> ([ForwardedNode], Bool) {
            guard nodes.count > ForwardedChain.maxNodes else { return (nodes, dropped) }
            return (Array(nodes.suffix(ForwardedChain.maxNodes)), true)
        }
    }
}
