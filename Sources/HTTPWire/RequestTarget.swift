/// A request-target in one of its four forms (RFC 9112 §3.2), checked against the method.
public enum RequestTarget: Sendable, Hashable {
    /// origin-form `/path?query`: the path decoded and normalised (see ``NormalisedPath``), the
    /// query raw (not decoded; UTF-8 with repair), nil when there is no `?`.
    case origin(NormalisedPath, query: String?)
    /// absolute-form `http://host[:port]/path?query`, as a client speaks to a proxy (§3.2.2).
    case absolute(AbsoluteTarget)
    /// authority-form `host:port`, CONNECT only (§3.2.3).
    case authority(host: String, port: Int)
    /// asterisk-form `*`, OPTIONS only (§3.2.4).
    case asterisk

    /// Parses `raw` for `method`: CONNECT must use authority-form and nothing else may; `*` only
    /// with OPTIONS; a target starting with `/` is origin-form; one starting with a scheme and
    /// `:` is absolute-form (only `http`); anything else is `pathNotAbsolute`. A `#` is refused.
    public init(parsing raw: UnsafeRawBufferPointer, method: HTTPMethod) throws(HTTPParseError) {
        guard !raw.isEmpty else { throw .invalidRequestTarget }
        for byte in raw where !ASCII.isTargetByte(byte) || byte == ASCII.hash {
            throw .invalidRequestTarget
        }
        if method == .connect {
            guard raw[0] != ASCII.slash, let authority = Authority.scan(raw, requirePort: true),
                  let port = authority.port else { throw .targetFormNotAllowed }
            self = .authority(host: Self.lowercasedString(raw, authority.host), port: port)
            return
        }
        if raw[0] == ASCII.slash {
            let query = raw.firstIndex(of: ASCII.question)
            let path = try NormalisedPath(parsing: UnsafeRawBufferPointer(rebasing: raw[..<(query ?? raw.count)]))
            self = .origin(path, query: query.map { String(decoding: raw[($0 + 1)...], as: UTF8.self) })
            return
        }
        if raw.count == 1, raw[0] == 0x2A {
            guard method == .options else { throw .targetFormNotAllowed }
            self = .asterisk
            return
        }
        // `host:port` would also parse as a scheme; it is authority-form, which only CONNECT may use.
        if Authority.scan(raw, requirePort: true) != nil { throw .targetFormNotAllowed }
        if let target = try AbsoluteTarget(parsingIfAbsolute: raw) {
            self = .absolute(target)
            return
        }
        throw .pathNotAbsolute
    }

    /// Parses a target given as a string.
    public init(parsing raw: String, method: HTTPMethod) throws(HTTPParseError) {
        var raw = raw
        let result = raw.withUTF8 { bytes in
            Result { () throws(HTTPParseError) -> RequestTarget in
                try RequestTarget(parsing: UnsafeRawBufferPointer(bytes), method: method)
            }
        }
        self = try result.get()
    }

    /// The bytes in `range`, ASCII-lowercased, as a string (hosts are case-insensitive).
    static func lowercasedString(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>) -> String {
        String(decoding: bytes[range].lazy.map(ASCII.lowercased), as: UTF8.self)
    }
}
