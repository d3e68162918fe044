/// The address part of a group item: which clients an item admits.
///
/// CERN wrote IPv4 templates with a wildcard per octet (`128.141.*.*`) and host-name templates
/// (`*.cern.ch`). Gatehouse adds CIDR (`10.0.0.0/8`) and bracketed IPv6 (`[::1]`,
/// `[2001:db8::/32]`) as documented extensions. Numeric templates are matched only against the
/// numeric address, never against a host name (reference §8: reverse DNS cannot spoof them).
public enum AddressTemplate: Sendable, Hashable, CustomStringConvertible {
    /// Four octet patterns, each a decimal glob with at most one `*` (`*`, `12*`, `141`).
    case ipv4Octets([String])
    /// A network: address bytes (4 or 16) and prefix length.
    case network(bytes: [UInt8], prefixLength: Int)
    /// A host-name glob (`*.cern.ch`), matched only with `DNSLookup On`.
    case hostName(String)

    /// Parses one template as written after `@`. Returns nil with a reason for junk.
    /// Checked byte by byte: every character a template may hold is ASCII, and a host name is
    /// a DNS name (letters, digits, `-`, `.`; internationalised names in their `xn--` form).
    public static func parse(_ text: String) -> Result<AddressTemplate, TemplateError> {
        if text.isEmpty { return .failure(TemplateError("empty address template")) }
        if text.startsWithASCII("[") {
            guard text.endsWithASCII("]"), text.utf8.count >= 2 else { return .failure(TemplateError("'\(text)': IPv6 template must end with ']'")) }
            let inner = String(decoding: text.utf8.dropFirst().dropLast(), as: UTF8.self)
            return parseNetwork(inner, original: text, family: 16)
        }
        if text.containsASCII("/") { return parseNetwork(text, original: text, family: 4) }
        let isNumeric = text.utf8.allSatisfy { $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "*") || isDigit($0) }
        if isNumeric {
            var parts = text.fields(separatedBy: ".").map(String.init)
            // `10.*` covers the remaining octets (reference §12: `(ann)@(10.*)` admits 10.x.y.z).
            while parts.count < 4, parts.last == "*" { parts.append("*") }
            guard parts.count == 4 else {
                return .failure(TemplateError("'\(text)': an IPv4 template has four octets (use * for any)"))
            }
            for part in parts {
                let stars = part.countASCII("*")
                let digits = part.utf8.count - stars
                guard !part.isEmpty, stars <= 1, digits <= 3 else {
                    return .failure(TemplateError("'\(text)': bad octet '\(part)'"))
                }
                if stars == 0, let value = Int(part), value > 255 {
                    return .failure(TemplateError("'\(text)': octet \(value) is above 255"))
                }
            }
            return .success(.ipv4Octets(parts))
        }
        let allowed = text.utf8.allSatisfy { isDigit($0) || isLetter($0) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "*") }
        guard allowed, text.countASCII("*") <= 1 else {
            return .failure(TemplateError("'\(text)': not an address template (IPv4 with *, CIDR, [IPv6] or host name)"))
        }
        return .success(.hostName(text.lowercased()))
    }

    private static func isDigit(_ byte: UInt8) -> Bool { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) }

    private static func isLetter(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
    }

    private static func parseNetwork(_ text: String, original: String, family: Int) -> Result<AddressTemplate, TemplateError> {
        let pieces = text.fields(separatedBy: "/")
        guard pieces.count <= 2, let bytes = ClientAddress.numeric(String(pieces[0])) else {
            return .failure(TemplateError("'\(original)': bad network address"))
        }
        guard bytes.count == family else {
            return .failure(TemplateError(family == 16 ? "'\(original)': brackets hold an IPv6 address" : "'\(original)': IPv6 networks are written in brackets"))
        }
        var prefix = bytes.count * 8
        if pieces.count == 2 {
            guard let p = Int(pieces[1]), p >= 0, p <= bytes.count * 8 else {
                return .failure(TemplateError("'\(original)': prefix length must be 0…\(bytes.count * 8)"))
            }
            prefix = p
        }
        // An IPv4-mapped network (`[::ffff:10.0.0.0/104]`) means the IPv4 network: clients are
        // reported as IPv4 (ClientAddress folds mapped peers), so keep one spelling of it.
        if bytes.count == 16, prefix >= 96, bytes[0..<10].allSatisfy({ $0 == 0 }), bytes[10] == 0xff, bytes[11] == 0xff {
            return .success(.network(bytes: Array(bytes[12..<16]), prefixLength: prefix - 96))
        }
        return .success(.network(bytes: bytes, prefixLength: prefix))
    }

    /// Whether the client matches. Host-name templates need a forward-confirmed name, which the
    /// server supplies only with `DNSLookup On`.
    public func matches(_ client: ClientAddress) -> Bool {
        switch self {
        case .ipv4Octets(let parts):
            guard client.isIPv4 else { return false }
            for i in 0..<4 where !Glob.matchesOneStar(parts[i], String(client.bytes[i])) { return false }
            return true
        case .network(let net, let prefixLength):
            guard net.count == client.bytes.count else { return false }
            var remaining = prefixLength
            for i in 0..<net.count where remaining > 0 {
                let bits = min(8, remaining)
                let mask: UInt8 = bits == 8 ? 0xff : ~(0xff >> UInt8(bits))
                if net[i] & mask != client.bytes[i] & mask { return false }
                remaining -= bits
            }
            return true
        case .hostName(let pattern):
            guard let name = client.hostName else { return false }
            return Glob.matchesOneStar(pattern, name)
        }
    }

    /// True for templates that need reverse DNS.
    public var needsHostName: Bool {
        if case .hostName = self { return true }
        return false
    }

    /// The template as it would be written in a file.
    public var description: String {
        switch self {
        case .ipv4Octets(let parts): return parts.joined(separator: ".")
        case .network(let bytes, let prefix):
            if bytes.count == 16 { return "[\(ClientAddress.ipv6Text(bytes))/\(prefix)]" }
            return "\(ClientAddress(bytes: bytes))/\(prefix)"
        case .hostName(let name): return name
        }
    }
}

/// Why an address template could not be read.
public struct TemplateError: Error, Sendable, Hashable {
    /// What was wrong.
    public let message: String
    init(_ message: String) { self.message = message }
}
