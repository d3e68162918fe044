import CSystem

/// The numeric address a request came from (IPv4 as 4 bytes, IPv6 as 16), plus a host name
/// when reverse lookup is on and forward-confirmed.
public struct ClientAddress: Sendable, Hashable, CustomStringConvertible {
    /// 4 bytes for IPv4 (IPv4-mapped IPv6 peers are reported as IPv4), 16 for IPv6.
    public let bytes: [UInt8]
    /// Forward-confirmed host name (lower-cased), only with `DNSLookup On`.
    public let hostName: String?

    /// An address from its bytes (4 or 16; a mapped `::ffff:a.b.c.d` is folded to IPv4).
    public init(bytes: [UInt8], hostName: String? = nil) {
        if bytes.count == 16, bytes[0..<10].allSatisfy({ $0 == 0 }), bytes[10] == 0xff, bytes[11] == 0xff {
            self.bytes = Array(bytes[12..<16])
        } else {
            self.bytes = bytes
        }
        self.hostName = hostName?.lowercased()
    }

    /// Parses `10.1.2.3`, `::1` or `[::1]`; nil if it is neither.
    public init?(parsing text: String, hostName: String? = nil) {
        var t = Substring(text)
        if t.hasPrefix("[") && t.hasSuffix("]") { t = t.dropFirst().dropLast() }
        guard let bytes = ClientAddress.numeric(String(t)) else { return nil }
        self.init(bytes: bytes, hostName: hostName)
    }

    /// True for an IPv4 address.
    public var isIPv4: Bool { bytes.count == 4 }

    /// Dotted quad or RFC 5952 IPv6 text.
    public var description: String {
        if isIPv4 { return bytes.map(String.init).joined(separator: ".") }
        return ClientAddress.ipv6Text(bytes)
    }

    /// RFC 5952 text of 16 address bytes, exactly as given (no folding of mapped addresses).
    static func ipv6Text(_ bytes: [UInt8]) -> String {
        var buffer = [CChar](repeating: 0, count: 64)
        var raw = bytes
        let ok = raw.withUnsafeMutableBytes { src in
            buffer.withUnsafeMutableBufferPointer { dst in
                inet_ntop(AF_INET6, src.baseAddress, dst.baseAddress, socklen_t(dst.count)) != nil
            }
        }
        guard ok else { return "?" }
        return String(decoding: buffer.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// The bytes of a numeric IPv4 or IPv6 address (inet_pton: pure, no lookup).
    static func numeric(_ text: String) -> [UInt8]? {
        var v4 = [UInt8](repeating: 0, count: 4)
        if text.withCString({ inet_pton(AF_INET, $0, &v4) }) == 1 { return v4 }
        var v6 = [UInt8](repeating: 0, count: 16)
        if text.withCString({ inet_pton(AF_INET6, $0, &v6) }) == 1 { return v6 }
        return nil
    }
}
