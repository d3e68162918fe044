import CSystem
import Glibc

extension SocketAddress {
    /// Why a textual address was refused.
    public struct ParseError: Error, Sendable, Equatable, CustomStringConvertible {
        /// The text that was refused (truncated to `maxTextLength`).
        public let input: String
        /// What is wrong with it.
        public let reason: String

        /// `"bad address '…': reason"`.
        public var description: String { "bad address '\(input)': \(reason)" }
    }

    /// The longest address text accepted: `[` + 45 characters of IPv6 + `]:65535`.
    public static let maxTextLength = 64

    /// Parses a listen or connect address; fails closed on anything else:
    /// - `"127.0.0.1:8080"`: dotted-quad IPv4 (no leading zeros, as `inet_pton` wants);
    /// - `"[::1]:8080"`: IPv6 in brackets (no zone identifiers);
    /// - `"*:8080"` or `":8080"`: all IPv4 interfaces.
    /// Host names are not resolved. The port is 0…65535 in decimal; 0 asks for an ephemeral port.
    public init(parsing text: String) throws(ParseError) {
        func fail(_ reason: String) -> ParseError {
            ParseError(input: String(text.prefix(Self.maxTextLength)), reason: reason)
        }
        guard text.utf8.count <= Self.maxTextLength else { throw fail("longer than \(Self.maxTextLength) bytes") }
        let utf8 = Array(text.utf8)
        guard let colon = utf8.lastIndex(of: UInt8(ascii: ":")) else { throw fail("missing ':port'") }
        guard let port = Self.parsePort(utf8[(colon + 1)...]) else { throw fail("port must be 0…65535") }
        let hostBytes = utf8[..<colon]

        if hostBytes.isEmpty || Array(hostBytes) == [UInt8(ascii: "*")] {
            self = .anyIPv4(port: port)
            return
        }
        if hostBytes.first == UInt8(ascii: "[") {
            guard hostBytes.last == UInt8(ascii: "]"), hostBytes.count > 2 else { throw fail("unclosed '['") }
            let inner = Array(hostBytes.dropFirst().dropLast())
            guard let address = Self.presentationToNetwork(inner, family: .ipv6, port: port) else {
                throw fail("not an IPv6 address")
            }
            self = address
            return
        }
        guard let address = Self.presentationToNetwork(Array(hostBytes), family: .ipv4, port: port) else {
            if hostBytes.contains(UInt8(ascii: ":")) {
                // `::1:8080`: an IPv6 address needs brackets, or its last group reads as the port.
                throw fail("an IPv6 address goes in brackets: '[\(String(decoding: hostBytes, as: UTF8.self))]:\(port)'")
            }
            throw fail("not an IPv4 address (host names are not resolved)")
        }
        self = address
    }

    /// The most digits a port can have.
    private static let maxPortDigits = 5

    /// Decimal 0…65535, digits only.
    private static func parsePort(_ digits: ArraySlice<UInt8>) -> UInt16? {
        guard !digits.isEmpty, digits.count <= maxPortDigits else { return nil }
        var value = 0
        for byte in digits {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
        }
        return UInt16(exactly: value)
    }

    /// `inet_pton` on ASCII bytes (a pure libc conversion, no system call).
    private static func presentationToNetwork(_ bytes: [UInt8], family: Family, port: UInt16) -> SocketAddress? {
        guard !bytes.contains(0) else { return nil }
        var raw: (UInt64, UInt64) = (0, 0)
        let af = family == .ipv4 ? AF_INET : AF_INET6
        let ok = (bytes + [0]).withUnsafeBufferPointer { text in
            withUnsafeMutableBytes(of: &raw) { target in
                text.withMemoryRebound(to: CChar.self) { inet_pton(af, $0.baseAddress, target.baseAddress) == 1 }
            }
        }
        return ok ? SocketAddress(family: family, port: port, high: raw.0, low: raw.1) : nil
    }
}
