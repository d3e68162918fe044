/// An IPv4 or IPv6 address as a value: what the PROXY protocol, `Forwarded` and
/// `X-Forwarded-For` yield, what trust rules match and what logs print. No allocation: the bits
/// are held in integers, most significant first (network order).
public enum IPAddress: Sendable, Hashable {
    /// An IPv4 address; `192.0.2.1` is `0xC000_0201`.
    case v4(UInt32)
    /// An IPv6 address: the first 64 bits, then the last 64.
    case v6(high: UInt64, low: UInt64)

    /// The address from its 4 (IPv4) or 16 (IPv6) bytes in network order; nil for any other count.
    public init?(bytes: some Collection<UInt8>) {
        switch bytes.count {
        case 4:
            self = .v4(bytes.reduce(0) { $0 << 8 | UInt32($1) })
        case 16:
            let high = bytes.prefix(8).reduce(0) { $0 << 8 | UInt64($1) }
            let low = bytes.dropFirst(8).reduce(0) { $0 << 8 | UInt64($1) }
            self = .v6(high: high, low: low)
        default:
            return nil
        }
    }

    /// The address's bytes in network order: 4 or 16 of them.
    public var bytes: [UInt8] {
        switch self {
        case .v4(let value):
            return (0..<4).map { UInt8(truncatingIfNeeded: value >> (24 - 8 * $0)) }
        case .v6(let high, let low):
            return (0..<8).map { UInt8(truncatingIfNeeded: high >> (56 - 8 * $0)) }
                + (0..<8).map { UInt8(truncatingIfNeeded: low >> (56 - 8 * $0)) }
        }
    }

    /// Whether this is an IPv4 address.
    public var isIPv4: Bool {
        switch self {
        case .v4: true
        case .v6: false
        }
    }

    /// The IPv4 address an IPv4-mapped IPv6 address (`::ffff:a.b.c.d`, RFC 4291 §2.5.5.2) stands
    /// for; any other address as it is. A dual-stack socket reports IPv4 peers this way, so trust
    /// rules and access lists written for IPv4 only match after unmapping.
    public var unmapped: IPAddress {
        switch self {
        case .v6(high: 0, low: let low) where low >> 32 == 0xFFFF: .v4(UInt32(truncatingIfNeeded: low))
        case .v4, .v6: self
        }
    }

    /// The address's width in bits: 32 or 128.
    public var bitWidth: Int {
        switch self {
        case .v4: 32
        case .v6: 128
        }
    }
}
