/// The `host [":" port]` part of a URI (RFC 3986 §3.2.2–3.2.3), found by scanning bytes; used for
/// the `Host` field, absolute-form and authority-form targets. IPv6 literals are accepted in
/// brackets; IPvFuture and userinfo are not.
struct Authority: Sendable {
    /// The largest TCP port.
    static let maxPort = 65_535
    /// The most digits a port may have.
    static let maxPortDigits = 5

    /// The host bytes' range in the scanned buffer (brackets included for IPv6).
    var host: Range<Int>
    /// The port, or nil when absent or empty (RFC 3986 §3.2.3 allows `host:`).
    var port: Int?

    /// Scans `bytes` as a whole `host[:port]`; nil when anything is out of place. An empty host is
    /// refused; `requirePort` refuses an absent or empty port (CONNECT, RFC 9110 §9.3.6).
    static func scan(_ bytes: UnsafeRawBufferPointer, requirePort: Bool) -> Authority? {
        guard !bytes.isEmpty else { return nil }
        var index = 0
        if bytes[0] == ASCII.leftBracket {
            index = 1
            while index < bytes.count, isIPLiteralByte(bytes[index]) { index += 1 }
            guard index > 1, index < bytes.count, bytes[index] == ASCII.rightBracket else { return nil }
            index += 1
        } else {
            while index < bytes.count, bytes[index] != ASCII.colon {
                let byte = bytes[index]
                if byte == ASCII.percent {
                    guard index + 2 < bytes.count, ASCII.hexValue(bytes[index + 1]) != nil,
                          ASCII.hexValue(bytes[index + 2]) != nil else { return nil }
                    index += 3
                    continue
                }
                guard isRegNameByte(byte) else { return nil }
                index += 1
            }
            guard index > 0 else { return nil }
        }
        let host = 0..<index
        guard index < bytes.count else { return requirePort ? nil : Authority(host: host, port: nil) }
        guard bytes[index] == ASCII.colon else { return nil }
        let digits = UnsafeRawBufferPointer(rebasing: bytes[(index + 1)...])
        if digits.isEmpty { return requirePort ? nil : Authority(host: host, port: nil) }
        guard let port = ASCII.parseDecimal(digits, maxDigits: maxPortDigits), port <= maxPort else { return nil }
        return Authority(host: host, port: port)
    }

    /// RFC 3986 `unreserved` / `sub-delims` (reg-name, IPv4address).
    private static func isRegNameByte(_ byte: UInt8) -> Bool {
        if ASCII.isAlpha(byte) || ASCII.isDigit(byte) { return true }
        switch byte {
        case 0x2D, 0x2E, 0x5F, 0x7E: return true  // - . _ ~
        case 0x21, 0x24, 0x26, 0x27, 0x28, 0x29, 0x2A, 0x2B, 0x2C, 0x3B, 0x3D: return true  // ! $ & ' ( ) * + , ; =
        default: return false
        }
    }

    /// Bytes of an IPv6 literal between brackets: hex digits, `:` and `.` (embedded IPv4).
    private static func isIPLiteralByte(_ byte: UInt8) -> Bool {
        ASCII.hexValue(byte) != nil || byte == ASCII.colon || byte == ASCII.dot
    }
}
