/// An address block in CIDR notation (RFC 4632 §3.1, RFC 4291 §2.3): what a trusted-proxy list
/// (`set_real_ip_from` in nginx terms) or a host rule is made of.
public struct IPNetwork: Sendable, Hashable, CustomStringConvertible {
    /// The first address of the block (host bits cleared).
    public let address: IPAddress
    /// The number of leading bits that are fixed: 0 ... 32 for IPv4, 0 ... 128 for IPv6.
    public let prefixLength: Int

    /// The block of `address` with `prefixLength` fixed bits; nil when the length is out of range.
    /// Host bits are cleared (`192.0.2.77/24` is `192.0.2.0/24`, as nginx reads it). An
    /// IPv4-mapped IPv6 address counts as IPv4 with its prefix less 96.
    public init?(address: IPAddress, prefixLength: Int) {
        var address = address
        var prefixLength = prefixLength
        if address.unmapped != address {
            address = address.unmapped
            prefixLength -= 96
        }
        guard (0...address.bitWidth).contains(prefixLength) else { return nil }
        self.address = Self.masked(address, prefixLength)
        self.prefixLength = prefixLength
    }

    /// Parses `address/prefix` or a bare address (one host: /32 or /128).
    public init?(parsing text: String) {
        let parts = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        guard let address = IPAddress(parsing: String(parts[0])) else { return nil }
        var length = address.unmapped.bitWidth + (address.unmapped != address ? 96 : 0)
        if parts.count == 2 {
            var digits = String(parts[1])
            guard let parsed = digits.withUTF8({ ASCII.parseDecimal(UnsafeRawBufferPointer($0), maxDigits: 3) }) else { return nil }
            length = parsed
        }
        self.init(address: address, prefixLength: length)
    }

    /// Whether `candidate` (unmapped first) lies in the block; never across families.
    public func contains(_ candidate: IPAddress) -> Bool {
        let candidate = candidate.unmapped
        return candidate.isIPv4 == address.isIPv4 && Self.masked(candidate, prefixLength) == address
    }

    /// `address/prefix`.
    public var description: String {
        "\(address)/\(prefixLength)"
    }

    private static func masked(_ address: IPAddress, _ length: Int) -> IPAddress {
        switch address {
        case .v4(let value):
            return .v4(length == 0 ? 0 : value & ~UInt32(0) << UInt32(32 - length))
        case .v6(let high, let low):
            let highMask: UInt64 = length >= 64 ? ~0 : (length == 0 ? 0 : ~UInt64(0) << UInt64(64 - length))
            let lowMask: UInt64 = length <= 64 ? 0 : (length == 128 ? ~0 : ~UInt64(0) << UInt64(128 - length))
            return .v6(high: high & highMask, low: low & lowMask)
        }
    }
}
