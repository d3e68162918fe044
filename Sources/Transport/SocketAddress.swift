import CSystem
import Glibc

/// An IPv4 or IPv6 address with a port: what a listener binds, what a client connects to, and who
/// a peer is. The Gate matches peers against IP templates, so the raw address bytes are exposed;
/// IPv4-mapped IPv6 peers (`::ffff:a.b.c.d`) are reported as IPv4.
public struct SocketAddress: Sendable, Hashable, CustomStringConvertible {
    /// The address family.
    public enum Family: Sendable, Hashable {
        /// IPv4: 4 address bytes.
        case ipv4
        /// IPv6: 16 address bytes.
        case ipv6
    }

    /// IPv4 or IPv6.
    public let family: Family
    /// The port, in host byte order.
    public let port: UInt16
    /// IPv6 scope (interface index) of a link-local peer; 0 otherwise.
    public let scopeID: UInt32
    /// The address bytes in network order, packed as they lie in memory: IPv4 uses the first 4
    /// of `high`, the rest is zero. Stored inline (no heap) so each connection's peer is cheap.
    let high: UInt64
    /// Address bytes 8…15 (see `high`).
    let low: UInt64

    /// Builds from the packed representation (see `high`/`low`).
    init(family: Family, port: UInt16, scopeID: UInt32 = 0, high: UInt64, low: UInt64) {
        self.family = family
        self.port = port
        self.scopeID = scopeID
        self.high = high
        self.low = low
    }

    /// Builds an address from its bytes: 4 for IPv4, 16 for IPv6; `nil` for any other count.
    public init?(bytes: some Collection<UInt8>, port: UInt16) {
        let family: Family
        switch bytes.count {
        case 4: family = .ipv4
        case 16: family = .ipv6
        default: return nil
        }
        var raw: (UInt64, UInt64) = (0, 0)
        withUnsafeMutableBytes(of: &raw) { target in
            for (index, byte) in bytes.enumerated() { target[index] = byte }
        }
        self.init(family: family, port: port, high: raw.0, low: raw.1)
    }

    /// `0.0.0.0:port`: every IPv4 interface.
    public static func anyIPv4(port: UInt16) -> SocketAddress {
        SocketAddress(family: .ipv4, port: port, high: 0, low: 0)
    }

    /// `[::]:port`: every IPv6 interface (IPv6 only; listeners set `IPV6_V6ONLY`).
    public static func anyIPv6(port: UInt16) -> SocketAddress {
        SocketAddress(family: .ipv6, port: port, high: 0, low: 0)
    }

    /// `127.0.0.1:port`.
    public static func loopbackIPv4(port: UInt16) -> SocketAddress {
        // 127.0.0.1 in network order, as bytes in memory.
        SocketAddress(bytes: [127, 0, 0, 1], port: port) ?? anyIPv4(port: port)
    }

    /// `[::1]:port`.
    public static func loopbackIPv6(port: UInt16) -> SocketAddress {
        SocketAddress(bytes: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1], port: port) ?? anyIPv6(port: port)
    }

    /// The same address with another port.
    public func withPort(_ port: UInt16) -> SocketAddress {
        SocketAddress(family: family, port: port, scopeID: scopeID, high: high, low: low)
    }

    /// The address bytes in network order: 4 for IPv4, 16 for IPv6.
    public var addressBytes: [UInt8] {
        withUnsafeBytes(of: (high, low)) { Array($0.prefix(byteCount)) }
    }

    /// Calls `body` with the address bytes (4 or 16) without allocating.
    public func withAddressBytes<R, E: Error>(_ body: (UnsafeRawBufferPointer) throws(E) -> R) throws(E) -> R {
        var raw = (high, low)
        let count = byteCount
        return try withUnsafeBytes(of: &raw) { (all) throws(E) -> R in
            try body(UnsafeRawBufferPointer(rebasing: all.prefix(count)))
        }
    }

    /// 4 or 16.
    public var byteCount: Int {
        switch family {
        case .ipv4: 4
        case .ipv6: 16
        }
    }

    /// Whether this is the unspecified address (`0.0.0.0` or `::`), i.e. all interfaces.
    public var isUnspecified: Bool { high == 0 && low == 0 }

    /// The address alone: `"127.0.0.1"` or `"::1"` (RFC 5952 form, as `inet_ntop` writes it).
    public var host: String {
        var raw = (high, low)
        let af = family == .ipv4 ? AF_INET : AF_INET6
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: Int(INET6_ADDRSTRLEN)) { text in
            withUnsafeBytes(of: &raw) { bytes in
                guard let base = text.baseAddress,
                      inet_ntop(af, bytes.baseAddress, base, socklen_t(text.count)) != nil
                else { return "?" }
                return String(cString: base)
            }
        }
    }

    /// `"127.0.0.1:8080"` or `"[::1]:8080"`; parses back with `init(parsing:)`.
    public var description: String {
        switch family {
        case .ipv4: "\(host):\(port)"
        case .ipv6: "[\(host)]:\(port)"
        }
    }
}
