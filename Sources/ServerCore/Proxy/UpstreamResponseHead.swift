import HTTPWire

/// An origin server's response head (RFC 9112 §4–5), parsed strictly enough to frame its body
/// and to forward its fields byte for byte. Anything malformed is refused (the client gets 502)
/// rather than repaired: obs-fold, a field name that is not a token, whitespace before the colon,
/// control bytes in a value, an oversized head.
struct UpstreamResponseHead: Sendable {
    /// Where one field line's name and value (trimmed of OWS) sit in ``bytes``.
    struct Field: Sendable, Hashable {
        /// The name's bytes.
        var name: Range<Int>
        /// The value's bytes.
        var value: Range<Int>
    }

    /// What parsing the start of a stream found.
    enum Parse: Sendable {
        /// The head is not complete yet.
        case needMore
        /// A complete head, `consumed` bytes long (the body, if any, follows).
        case head(UpstreamResponseHead, consumed: Int)
        /// Not a valid response head.
        case invalid(String)
    }

    /// The head's bytes, status line to the empty line.
    let bytes: [UInt8]
    /// 1 for HTTP/1.1, 0 for HTTP/1.0.
    let minorVersion: Int
    /// The status code (100…999).
    let status: Int
    /// The reason phrase's bytes (possibly empty).
    let reason: Range<Int>
    /// The field lines, in order.
    let fields: [Field]

    /// Whether this is an interim (1xx) response, to be followed by another head.
    var isInterim: Bool { (100..<200).contains(status) }

    /// The name of field `index`, lower-cased (names are ASCII tokens).
    func lowercasedName(at index: Int) -> String {
        String(decoding: bytes[fields[index].name].lazy.map { $0 >= 0x41 && $0 <= 0x5a ? $0 | 0x20 : $0 }, as: UTF8.self)
    }

    /// The value of field `index` (UTF-8 decoded with repair; forward ``bytes`` for exactness).
    func value(at index: Int) -> String {
        String(decoding: bytes[fields[index].value], as: UTF8.self)
    }

    /// The values of every field named `name` (given lower-cased).
    func values(_ name: String) -> [String] {
        fields.indices.filter { lowercasedName(at: $0) == name }.map(value(at:))
    }

    /// Parses a head at the start of `input`.
    static func parse(_ input: UnsafeRawBufferPointer) -> Parse {
        var lines: [Range<Int>] = []
        var lineStart = 0
        var end: Int?
        var index = 0
        while index < input.count {
            if input[index] == Byte.lf {
                var lineEnd = index
                if lineEnd > lineStart && input[lineEnd - 1] == Byte.cr { lineEnd -= 1 }
                if lineEnd == lineStart {
                    guard !lines.isEmpty else { return .invalid("empty line before the status line") }
                    end = index + 1
                    break
                }
                lines.append(lineStart..<lineEnd)
                guard lines.count <= ProxyLimits.maxResponseFields + 1 else { return .invalid("too many header fields") }
                lineStart = index + 1
            }
            index += 1
            if index > ProxyLimits.maxResponseHeadBytes { return .invalid("response head larger than \(ProxyLimits.maxResponseHeadBytes) bytes") }
        }
        guard let end else {
            // Fail early on a stream that is clearly not HTTP/1.x, so it is not buffered whole.
            let prefix = Array("HTTP/1.".utf8)
            for (i, byte) in input.prefix(prefix.count).enumerated() where byte != prefix[i] {
                return .invalid("not an HTTP/1.x response")
            }
            return .needMore
        }
        let bytes = Array(input[..<end])
        return bytes.withUnsafeBytes { raw in
            parseLines(raw, lines: lines, bytes: bytes, consumed: end)
        }
    }

    private static func parseLines(_ raw: UnsafeRawBufferPointer, lines: [Range<Int>], bytes: [UInt8], consumed: Int) -> Parse {
        // status-line = HTTP-version SP status-code SP [ reason-phrase ] (RFC 9112 §4).
        let statusLine = lines[0]
        let prefix = Array("HTTP/1.".utf8)
        guard statusLine.count >= 12, prefix.indices.allSatisfy({ raw[statusLine.lowerBound + $0] == prefix[$0] }) else {
            return .invalid("not an HTTP/1.x status line")
        }
        let s = statusLine.lowerBound
        guard let minor = Byte.digit(raw[s + 7]), minor <= 1, raw[s + 8] == Byte.space,
              let d1 = Byte.digit(raw[s + 9]), let d2 = Byte.digit(raw[s + 10]), let d3 = Byte.digit(raw[s + 11]),
              d1 >= 1 else {
            return .invalid("bad status line")
        }
        var reasonStart = s + 12
        if reasonStart < statusLine.upperBound {
            guard raw[reasonStart] == Byte.space else { return .invalid("bad status line") }
            reasonStart += 1
        }
        let reason = reasonStart..<max(reasonStart, statusLine.upperBound)
        for i in reason where !isFieldValueByte(raw[i]) { return .invalid("control byte in the reason phrase") }

        var fields: [Field] = []
        fields.reserveCapacity(lines.count - 1)
        for line in lines.dropFirst() {
            // RFC 9112 §5.2: obs-fold is refused; §5.1: no whitespace between name and colon.
            guard raw[line.lowerBound] != Byte.space, raw[line.lowerBound] != Byte.tab else { return .invalid("obsolete line folding") }
            var colon = line.lowerBound
            while colon < line.upperBound, raw[colon] != Byte.colon {
                guard Byte.isTChar(raw[colon]) else { return .invalid("bad header field name") }
                colon += 1
            }
            guard colon < line.upperBound, colon > line.lowerBound else { return .invalid("header field without a name or colon") }
            var valueStart = colon + 1
            var valueEnd = line.upperBound
            while valueStart < valueEnd, raw[valueStart] == Byte.space || raw[valueStart] == Byte.tab { valueStart += 1 }
            while valueEnd > valueStart, raw[valueEnd - 1] == Byte.space || raw[valueEnd - 1] == Byte.tab { valueEnd -= 1 }
            for i in valueStart..<valueEnd where !isFieldValueByte(raw[i]) { return .invalid("control byte in a header field value") }
            fields.append(Field(name: line.lowerBound..<colon, value: valueStart..<valueEnd))
        }
        let head = UpstreamResponseHead(bytes: bytes, minorVersion: minor, status: d1 * 100 + d2 * 10 + d3,
                                        reason: reason, fields: fields)
        return .head(head, consumed: consumed)
    }

    /// field-vchar, SP, HTAB and obs-text (RFC 9110 §5.5); no other control bytes.
    private static func isFieldValueByte(_ byte: UInt8) -> Bool {
        byte == Byte.tab || (byte >= 0x20 && byte != 0x7f)
    }

    /// How the body that follows is delimited (RFC 9112 §6.3), for a response to `method`.
    func framing(for method: HTTPMethod) -> Result<ProxyBodyFramer.Framing, ProxyFailure> {
        if method == .head || isInterim || status == 204 || status == 304 { return .success(.none) }
        let codings = values("transfer-encoding")
        if !codings.isEmpty {
            // RFC 9112 §6.1: Transfer-Encoding in an HTTP/1.0 message means the framing is faulty.
            guard minorVersion == 1 else { return .failure(.badResponse("Transfer-Encoding in an HTTP/1.0 response")) }
            let last = codings.joined(separator: ",").split(separator: ",").last
            guard let coding = last?.split(separator: ";", omittingEmptySubsequences: false).first.map(Self.trimmed), !coding.isEmpty else {
                return .failure(.badResponse("invalid Transfer-Encoding"))
            }
            return .success(coding.lowercased() == "chunked" ? .chunked : .untilClose)
        }
        var length: Int?
        for value in values("content-length") {
            for item in value.split(separator: ",", omittingEmptySubsequences: false) {
                let text = Self.trimmed(item)
                guard !text.isEmpty, text.count <= UpstreamResponseHead.maxLengthDigits, text.utf8.allSatisfy({ Byte.digit($0) != nil }),
                      let n = Int(text) else {
                    return .failure(.badResponse("invalid Content-Length"))
                }
                if let length, length != n { return .failure(.badResponse("conflicting Content-Length values")) }
                length = n
            }
        }
        return .success(length.map { .length($0) } ?? .untilClose)
    }

    /// The most digits accepted in a `Content-Length` (fits an Int with room).
    static let maxLengthDigits = 18

    /// `text` without leading and trailing spaces and tabs (OWS).
    private static func trimmed(_ text: Substring) -> Substring {
        var s = text
        while let c = s.first, c == " " || c == "\t" { s = s.dropFirst() }
        while let c = s.last, c == " " || c == "\t" { s = s.dropLast() }
        return s
    }
}

/// The bytes and character classes the response parser needs (RFC 9110 §5.6.2).
private enum Byte {
    static let tab = UInt8(ascii: "\t")
    static let lf = UInt8(ascii: "\n")
    static let cr = UInt8(ascii: "\r")
    static let space = UInt8(ascii: " ")
    static let colon = UInt8(ascii: ":")

    /// The value of a decimal digit.
    static func digit(_ byte: UInt8) -> Int? {
        byte >= 0x30 && byte <= 0x39 ? Int(byte - 0x30) : nil
    }

    /// tchar: `!#$%&'*+-.^_`|~`, digits and letters.
    static func isTChar(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x30...0x39, 0x41...0x5a, 0x61...0x7a: return true
        case 0x21, 0x23, 0x24, 0x25, 0x26, 0x27, 0x2a, 0x2b, 0x2d, 0x2e, 0x5e, 0x5f, 0x60, 0x7c, 0x7e: return true
        default: return false
        }
    }
}
