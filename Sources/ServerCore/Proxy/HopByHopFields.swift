/// The fields that describe one connection rather than the message (RFC 9110 §7.6.1), which a
/// proxy removes before forwarding in either direction, plus `Proxy-Authorization` (consumed by
/// this proxy, RFC 9110 §11.7.2) and `Proxy-Authenticate` (addressed to the client's next hop).
enum HopByHopFields {
    /// Lower-cased names always removed. `Transfer-Encoding` is listed because the proxy frames
    /// each hop itself and writes it again when it passes a chunked body on unchanged.
    static let names: Set<String> = [
        "connection", "keep-alive", "proxy-connection", "te", "upgrade", "transfer-encoding",
        "proxy-authorization", "proxy-authenticate", "proxy-authentication-info",
    ]

    /// The most connection options honoured from `Connection` fields (more are ignored: the
    /// named fields are then forwarded, which is harmless).
    static let maxConnectionOptions = 32

    /// The lower-cased option names listed in `Connection` field values: each names another
    /// hop-by-hop field to remove.
    static func connectionOptions(_ values: [String]) -> Set<String> {
        var options: Set<String> = []
        for value in values {
            for token in value.split(separator: ",") where options.count < maxConnectionOptions {
                let name = trimmed(token).lowercased()
                if !name.isEmpty { options.insert(name) }
            }
        }
        return options
    }

    /// `text` without leading and trailing spaces and tabs (OWS).
    private static func trimmed(_ text: Substring) -> Substring {
        var s = text
        while let c = s.first, c == " " || c == "\t" { s = s.dropFirst() }
        while let c = s.last, c == " " || c == "\t" { s = s.dropLast() }
        return s
    }

    /// Whether a field named `lowercasedName` is removed, given the connection options.
    static func removes(_ lowercasedName: String, options: Set<String>) -> Bool {
        names.contains(lowercasedName) || options.contains(lowercasedName)
    }
}
