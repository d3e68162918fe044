/// The header fields that describe one connection rather than the message (RFC 9110 §7.6.1),
/// which a proxy removes before forwarding in either direction, plus `Proxy-Authorization`
/// (consumed by the proxy, RFC 9110 §11.7.2) and `Proxy-Authenticate` (addressed to the client's
/// next hop, §11.7.1). Owns the list and the reading of `Connection` options; pure.
public enum HopByHopFields {
    /// Lower-cased names always removed. `Transfer-Encoding` is listed because a proxy frames
    /// each hop itself and writes it again when it passes a chunked body on unchanged.
    public static let names: Set<String> = [
        "connection", "keep-alive", "proxy-connection", "te", "upgrade", "transfer-encoding",
        "proxy-authorization", "proxy-authenticate", "proxy-authentication-info",
    ]

    /// The most connection options honoured from `Connection` fields (more are ignored: the
    /// fields they name are then forwarded, which is harmless).
    public static let maxConnectionOptions = 32

    /// The lower-cased option names listed in `Connection` field values (RFC 9110 §7.6.1): each
    /// names another hop-by-hop field to remove, or is `close`.
    public static func connectionOptions(_ values: [String]) -> Set<String> {
        var options: Set<String> = []
        for value in values {
            for token in value.utf8.split(separator: ASCII.comma) where options.count < maxConnectionOptions {
                let name = String(decoding: trimmed(token).lazy.map(ASCII.lowercased), as: UTF8.self)
                if !name.isEmpty { options.insert(name) }
            }
        }
        return options
    }

    /// Whether a field named `lowercasedName` is removed, given the connection options.
    public static func removes(_ lowercasedName: String, options: Set<String>) -> Bool {
        names.contains(lowercasedName) || options.contains(lowercasedName)
    }

    /// `text` without leading and trailing blanks (OWS).
    private static func trimmed(_ text: Substring.UTF8View) -> Substring.UTF8View {
        var s = text
        while let c = s.first, ASCII.isWhitespace(c) { s = s.dropFirst() }
        while let c = s.last, ASCII.isWhitespace(c) { s = s.dropLast() }
        return s
    }
}
