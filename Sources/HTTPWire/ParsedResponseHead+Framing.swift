extension ParsedResponseHead {
    /// How the body that follows this head is delimited (RFC 9112 §6.3), for a response to
    /// `method`. Empty list elements are ignored (RFC 9110 §5.6.1); ambiguous framing is refused.
    public func bodyFraming(for method: HTTPMethod) -> Result<BodyFraming, ResponseHeadError> {
        // Item 1: no body after HEAD, 1xx, 204 or 304, whatever the fields say.
        if method == .head || isInterim || status == 204 || status == 304 { return .success(.none) }
        var sawTransferEncoding = false
        var lastCoding: Range<Int>?
        var length: Int?
        let bytes = bytes
        for (index, field) in fields.enumerated() {
            if isNamed("transfer-encoding", at: index) {
                sawTransferEncoding = true
                if let last = lastListElement(field.value) { lastCoding = last }
            } else if isNamed("content-length", at: index) {
                switch agreedLength(field.value, after: length) {
                case .success(let n): length = n
                case .failure(let error): return .failure(error)
                }
            }
        }
        if sawTransferEncoding {
            // RFC 9112 §6.1: Transfer-Encoding in an HTTP/1.0 message means the framing is faulty.
            guard version == .http11 else { return .failure(.transferEncodingInHTTP10) }
            guard let lastCoding else { return .failure(.invalidTransferEncoding) }
            // Items 3 and 4: chunked last frames the body (Content-Length is then ignored);
            // any other final coding runs until the close.
            return bytes.withUnsafeBytes { raw in
                var coding = UnsafeRawBufferPointer(rebasing: raw[lastCoding])
                if let semicolon = coding.firstIndex(of: ASCII.semicolon) {
                    coding = ASCII.trimmingWhitespace(UnsafeRawBufferPointer(rebasing: coding[..<semicolon]))
                }
                guard !coding.isEmpty else { return .failure(.invalidTransferEncoding) }
                return .success(ASCII.equalsIgnoringCase(coding, "chunked") ? .chunked : .untilClose)
            }
        }
        return .success(length.map { .length($0) } ?? .untilClose)
    }

    /// Where the last non-empty element of the list at `value` sits in ``bytes``.
    private func lastListElement(_ value: Range<Int>) -> Range<Int>? {
        bytes.withUnsafeBytes { raw in
            var last: Range<Int>?
            let list = UnsafeRawBufferPointer(rebasing: raw[value])
            ASCII.forEachListElement(list) { element in
                if let start = element.baseAddress, !element.isEmpty, let base = raw.baseAddress {
                    let offset = start - base
                    last = offset..<(offset + element.count)
                }
                return true
            }
            return last
        }
    }

    /// RFC 9110 §8.6 and RFC 9112 §6.3 item 5: `1*DIGIT`, or a list of identical values, also
    /// across repeated fields (`previous`).
    private func agreedLength(_ value: Range<Int>, after previous: Int?) -> Result<Int, ResponseHeadError> {
        bytes.withUnsafeBytes { raw in
            var agreed = previous
            var error: ResponseHeadError?
            ASCII.forEachListElement(UnsafeRawBufferPointer(rebasing: raw[value])) { element in
                guard let n = ASCII.parseDecimal(element) else {
                    error = .invalidContentLength
                    return false
                }
                if let agreed, agreed != n {
                    error = .conflictingContentLength
                    return false
                }
                agreed = n
                return true
            }
            if let error { return .failure(error) }
            guard let agreed else { return .failure(.invalidContentLength) }
            return .success(agreed)
        }
    }
}
