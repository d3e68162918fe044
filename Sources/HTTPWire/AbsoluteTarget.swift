/// An absolute-form request-target (RFC 9112 §3.2.2), `http://host[:port]/path?query`, as sent to
/// a proxy. The path is kept raw so a proxy can forward it unchanged; ``normalisedPath()``
/// decodes it when it is to be matched against rules.
public struct AbsoluteTarget: Sendable, Hashable {
    /// The scheme, lowercased; always `http` (TLS would arrive through CONNECT).
    public let scheme: String
    /// The host, lowercased (RFC 3986 §3.2.2: case-insensitive); IPv6 literals keep their brackets.
    public let host: String
    /// The port, or nil for the scheme's default.
    public let port: Int?
    /// The path as received, `/` when the URI had none (RFC 9112 §3.2.1).
    public let rawPath: String
    /// The query as received, without `?`, or nil.
    public let query: String?

    /// The port to connect to: ``port`` or 80.
    public var effectivePort: Int { port ?? 80 }

    /// ``rawPath`` and the query, as an origin-form target to forward.
    public var originForm: String {
        query.map { "\(rawPath)?\($0)" } ?? rawPath
    }

    /// The path decoded and normalised like an origin-form path.
    public func normalisedPath() throws(HTTPParseError) -> NormalisedPath {
        try NormalisedPath(parsing: rawPath)
    }

    /// nil when `raw` does not start with `scheme ":"` (RFC 3986 §3.1); throws when it does but is
    /// not a valid `http` URI: another scheme, no `//`, an empty or invalid host, userinfo
    /// (RFC 9110 §4.2.4), or a bad port.
    init?(parsingIfAbsolute raw: UnsafeRawBufferPointer) throws(HTTPParseError) {
        guard let first = raw.first, ASCII.isAlpha(first) else { return nil }
        var index = 1
        while index < raw.count, Self.isSchemeByte(raw[index]) { index += 1 }
        guard index < raw.count, raw[index] == ASCII.colon else { return nil }
        guard ASCII.equalsIgnoringCase(UnsafeRawBufferPointer(rebasing: raw[0..<index]), "http") else {
            throw .unsupportedScheme
        }
        index += 1
        guard raw.count >= index + 2, raw[index] == ASCII.slash, raw[index + 1] == ASCII.slash else {
            throw .invalidAuthority
        }
        let authorityStart = index + 2
        var authorityEnd = authorityStart
        while authorityEnd < raw.count, raw[authorityEnd] != ASCII.slash, raw[authorityEnd] != ASCII.question {
            if raw[authorityEnd] == ASCII.at { throw .invalidAuthority }
            authorityEnd += 1
        }
        let authorityBytes = UnsafeRawBufferPointer(rebasing: raw[authorityStart..<authorityEnd])
        guard let authority = Authority.scan(authorityBytes, requirePort: false) else { throw .invalidAuthority }
        let query = raw[authorityEnd...].firstIndex(of: ASCII.question)
        let pathBytes = raw[authorityEnd..<(query ?? raw.count)]
        scheme = "http"
        host = RequestTarget.lowercasedString(authorityBytes, authority.host)
        port = authority.port
        rawPath = pathBytes.isEmpty ? "/" : String(decoding: pathBytes, as: UTF8.self)
        self.query = query.map { String(decoding: raw[($0 + 1)...], as: UTF8.self) }
    }

    /// RFC 3986 §3.1: `scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )`.
    private static func isSchemeByte(_ byte: UInt8) -> Bool {
        ASCII.isAlpha(byte) || ASCII.isDigit(byte) || byte == 0x2B || byte == ASCII.minus || byte == ASCII.dot
    }
}
