import Protection

/// Which addresses the proxy may connect to. With `ProxyDestinations TEMPLATE…` in the rule file,
/// every resolved address must match one of its templates (numeric templates and CIDR against the
/// address, host-name templates against the host named in the request). Without it, loopback,
/// link-local, private and other special ranges are refused, so the proxy cannot be turned
/// against the machine's own services or its network. Checked after resolution, on every
/// address, so a public name pointing at 127.0.0.1 is refused too.
public struct ProxyDestinationPolicy: Sendable {
    /// The rule file's `ProxyDestinations`, or nil for the default.
    public let allowed: [AddressTemplate]?

    /// The policy of a rule file.
    public init(allowed: [AddressTemplate]?) {
        self.allowed = allowed
    }

    /// Ranges refused without `ProxyDestinations` (RFC 6890 special-purpose registries).
    static let refusedByDefault: [AddressTemplate] = [
        .network(bytes: [0, 0, 0, 0], prefixLength: 8),            // "this network"; 0.0.0.0 reaches localhost
        .network(bytes: [10, 0, 0, 0], prefixLength: 8),           // private (RFC 1918)
        .network(bytes: [100, 64, 0, 0], prefixLength: 10),        // shared address space (RFC 6598)
        .network(bytes: [127, 0, 0, 0], prefixLength: 8),          // loopback
        .network(bytes: [169, 254, 0, 0], prefixLength: 16),      // link-local
        .network(bytes: [172, 16, 0, 0], prefixLength: 12),        // private
        .network(bytes: [192, 0, 0, 0], prefixLength: 24),         // IETF protocol assignments
        .network(bytes: [192, 168, 0, 0], prefixLength: 16),       // private
        .network(bytes: [198, 18, 0, 0], prefixLength: 15),        // benchmarking
        .network(bytes: [224, 0, 0, 0], prefixLength: 3),          // multicast, reserved, broadcast
        .network(bytes: [UInt8](repeating: 0, count: 16), prefixLength: 96),  // ::, ::1, IPv4-compatible
        .network(bytes: [0xfc] + [UInt8](repeating: 0, count: 15), prefixLength: 7),   // unique local
        .network(bytes: [0xfe, 0x80] + [UInt8](repeating: 0, count: 14), prefixLength: 10),  // link-local
        .network(bytes: [0xfe, 0xc0] + [UInt8](repeating: 0, count: 14), prefixLength: 10),  // site-local (deprecated)
        .network(bytes: [0xff] + [UInt8](repeating: 0, count: 15), prefixLength: 8),   // multicast
    ]

    /// Whether `address` may be connected to for a request naming `host` (lower-cased, no
    /// brackets). IPv4-mapped IPv6 addresses are judged as the IPv4 address they carry.
    public func allows(_ address: ClientAddress, host: String) -> Bool {
        let numeric = ClientAddress(parsing: host) != nil
        let candidate = ClientAddress(bytes: address.bytes, hostName: numeric ? nil : host)
        guard let allowed else {
            return !ProxyDestinationPolicy.refusedByDefault.contains { $0.matches(candidate) }
        }
        return allowed.contains { $0.matches(candidate) }
    }

    /// The first address that is not allowed, if any (every address must be allowed).
    public func firstRefused(_ addresses: [ClientAddress], host: String) -> ClientAddress? {
        addresses.first { !allows($0, host: host) }
    }

    /// The error page's sentence for a refused destination (the same whether the refusal is
    /// decided at once for a numeric host or after the name is resolved).
    public static func refusalDetail(_ address: ClientAddress) -> String {
        "The proxy does not connect to \(address)."
    }
}
