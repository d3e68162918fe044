/// What the framing- and connection-relevant header fields of one request said, accumulated field
/// by field as ``RequestParser`` completes each line, then checked as a whole at the end of the head.
struct RequestFraming: Sendable {
    /// The agreed `Content-Length`, if any.
    var contentLength: Int?
    /// Whether any `Transfer-Encoding` field was seen.
    var sawTransferEncoding = false
    /// Whether the last transfer coding seen is `chunked`.
    var lastCodingIsChunked = false
    /// How many times `chunked` appeared.
    var chunkedCount = 0
    /// Whether a coding other than `chunked` appeared.
    var sawOtherCoding = false
    /// Whether a `Transfer-Encoding` value was empty or held an empty / non-token coding.
    var malformedTransferEncoding = false
    /// The index of the `Host` field, if any.
    var hostIndex: Int?
    /// `Connection: close` was seen.
    var connectionClose = false
    /// `Connection: keep-alive` was seen.
    var connectionKeepAlive = false
    /// `Expect: 100-continue` was seen.
    var expectsContinue = false

    /// Whether the head, once complete, says the body is chunked.
    var isChunked: Bool { sawTransferEncoding && lastCodingIsChunked }

    /// Applies one field; returns an error as soon as the field alone makes the head invalid.
    mutating func apply(name: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer, fieldIndex: Int, limits: HTTPLimits) -> HTTPParseError? {
        switch name.count {
        case 4 where ASCII.equalsIgnoringCase(name, "host"):
            // RFC 9112 §3.2: more than one Host, or an invalid one, is a 400.
            guard hostIndex == nil else { return .multipleHost }
            guard value.isEmpty || Authority.scan(value, requirePort: false) != nil else { return .invalidHost }
            hostIndex = fieldIndex
        case 6 where ASCII.equalsIgnoringCase(name, "expect"):
            ASCII.forEachListElement(value) { element in
                if ASCII.equalsIgnoringCase(element, "100-continue") { expectsContinue = true }
                return true
            }
        case 10 where ASCII.equalsIgnoringCase(name, "connection"):
            // RFC 9112 §9.3 / §9.6: connection options are case-insensitive tokens.
            ASCII.forEachListElement(value) { element in
                if ASCII.equalsIgnoringCase(element, "close") { connectionClose = true }
                if ASCII.equalsIgnoringCase(element, "keep-alive") { connectionKeepAlive = true }
                return true
            }
        case 14 where ASCII.equalsIgnoringCase(name, "content-length"):
            return applyContentLength(value, limits: limits)
        case 17 where ASCII.equalsIgnoringCase(name, "transfer-encoding"):
            applyTransferEncoding(value)
        default:
            break
        }
        return nil
    }

    /// RFC 9110 §8.6 and RFC 9112 §6.3 item 5: `1*DIGIT`, or a list of identical values (also across
    /// repeated fields); anything else is refused.
    private mutating func applyContentLength(_ value: UnsafeRawBufferPointer, limits: HTTPLimits) -> HTTPParseError? {
        var error: HTTPParseError?
        var agreed = contentLength
        ASCII.forEachListElement(value) { element in
            guard let length = ASCII.parseDecimal(element) else {
                error = .invalidContentLength
                return false
            }
            if let agreed, agreed != length {
                error = .conflictingContentLength
                return false
            }
            agreed = length
            return true
        }
        if let error { return error }
        if let agreed, agreed > limits.maxBodyBytes { return .contentTooLarge }
        contentLength = agreed
        return nil
    }

    /// RFC 9112 §6.1: a list of transfer codings, each a token with optional parameters.
    private mutating func applyTransferEncoding(_ value: UnsafeRawBufferPointer) {
        sawTransferEncoding = true
        var sawElement = false
        ASCII.forEachListElement(value) { element in
            if element.isEmpty { return true }
            sawElement = true
            var nameEnd = 0
            while nameEnd < element.count, ASCII.isTChar(element[nameEnd]) { nameEnd += 1 }
            let coding = UnsafeRawBufferPointer(rebasing: element[0..<nameEnd])
            let rest = ASCII.trimmingWhitespace(UnsafeRawBufferPointer(rebasing: element[nameEnd...]))
            if coding.isEmpty || !(rest.isEmpty || rest[0] == ASCII.semicolon) {
                malformedTransferEncoding = true
            }
            if ASCII.equalsIgnoringCase(coding, "chunked") {
                chunkedCount += 1
                lastCodingIsChunked = true
            } else {
                sawOtherCoding = true
                lastCodingIsChunked = false
            }
            return true
        }
        if !sawElement { malformedTransferEncoding = true }
    }

    /// The checks that need the whole head, in the order RFC 9112 §6.1 / §6.3 and §3.2 give them.
    func finish(version: HTTPVersion) -> HTTPParseError? {
        if sawTransferEncoding {
            if contentLength != nil { return .contentLengthWithTransferEncoding }
            switch version {
            case .http10, .http09: return .transferEncodingInHTTP10
            case .http11: break
            }
            if malformedTransferEncoding || chunkedCount > 1 { return .invalidTransferEncoding }
            if !lastCodingIsChunked { return .transferEncodingNotChunked }
            if sawOtherCoding { return .unsupportedTransferCoding }
        }
        switch version {
        case .http11 where hostIndex == nil: return .missingHost
        case .http11, .http10, .http09: return nil
        }
    }
}
