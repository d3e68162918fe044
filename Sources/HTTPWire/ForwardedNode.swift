/// One hop's identifier in a `Forwarded` `for=` parameter (RFC 7239 §6) or an `X-Forwarded-For`
/// element, reduced to what the client-address walk needs: an address, or a reason there is none.
/// Ports (`:4711`, `:_port`) are checked and dropped.
public enum ForwardedNode: Sendable, Hashable {
    /// An IP address (IPv4-mapped IPv6 given as IPv4).
    case address(IPAddress)
    /// `unknown` (RFC 7239 §6.2), or a `Forwarded` element without `for=`: the hop did not say.
    case unknown
    /// An obfuscated identifier, `_hidden` (RFC 7239 §6.3).
    case obfuscated
    /// Anything that is none of those: a host name, garbage, a repeated `for=`.
    case malformed

    /// The address, if the node is one.
    public var address: IPAddress? {
        switch self {
        case .address(let address): address
        case .unknown, .obfuscated, .malformed: nil
        }
    }

    /// Reads `node = nodename [ ":" node-port ]` (RFC 7239 §6) with `nodename` one of
    /// `IPv4address`, `"[" IPv6address "]"`, `unknown`, `obfnode`; `unknown` is case-insensitive.
    /// `X-Forwarded-For` also carries bare IPv6 addresses (`2001:db8::1`), which
    /// `allowsBareIPv6` admits; in `Forwarded` they must be bracketed.
    init(parsing node: UnsafeRawBufferPointer, allowsBareIPv6: Bool) {
        guard !node.isEmpty, node.count <= Self.maxNodeBytes else { self = .malformed; return }
        if node[0] == ASCII.leftBracket {
            guard let close = node.firstIndex(of: ASCII.rightBracket),
                  Self.isPortSuffix(UnsafeRawBufferPointer(rebasing: node[(close + 1)...])),
                  let address = IPAddress.parseIPv6(UnsafeRawBufferPointer(rebasing: node[1..<close])) else {
                self = .malformed
                return
            }
            self = .address(address.unmapped)
            return
        }
        if allowsBareIPv6, node.lazy.filter({ $0 == ASCII.colon }).count > 1 {
            self = IPAddress.parseIPv6(node).map { .address($0.unmapped) } ?? .malformed
            return
        }
        let colon = node.firstIndex(of: ASCII.colon) ?? node.count
        guard Self.isPortSuffix(UnsafeRawBufferPointer(rebasing: node[colon...])) else { self = .malformed; return }
        let name = UnsafeRawBufferPointer(rebasing: node[..<colon])
        if ASCII.equalsIgnoringCase(name, "unknown") {
            self = .unknown
        } else if Self.isObfuscated(name) {
            self = .obfuscated
        } else {
            self = IPAddress.parseIPv4(name).map { .address(.v4($0)) } ?? .malformed
        }
    }

    /// The longest node read: a bracketed full IPv6 address with a port is under 60 bytes; an
    /// obfuscated name may be longer, but not without bound.
    static let maxNodeBytes = 256

    /// Empty, or `":" node-port` with `node-port = port / obfport` (RFC 7239 §6): 1–5 digits up
    /// to 65535, or an obfuscated token.
    private static func isPortSuffix(_ suffix: UnsafeRawBufferPointer) -> Bool {
        if suffix.isEmpty { return true }
        guard suffix[0] == ASCII.colon, suffix.count > 1 else { return false }
        let port = UnsafeRawBufferPointer(rebasing: suffix[1...])
        if isObfuscated(port) { return true }
        guard let value = ASCII.parseDecimal(port, maxDigits: 5) else { return false }
        return value <= Int(UInt16.max)
    }

    /// `"_" 1*( ALPHA / DIGIT / "." / "_" / "-" )` (RFC 7239 §6.3).
    private static func isObfuscated(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard bytes.count > 1, bytes[0] == 0x5F else { return false }
        return bytes.dropFirst().allSatisfy {
            ASCII.isAlpha($0) || ASCII.isDigit($0) || $0 == ASCII.dot || $0 == 0x5F || $0 == ASCII.minus
        }
    }
}
