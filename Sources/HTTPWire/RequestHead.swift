/// A parsed request head: the request line, the header fields, and the framing and connection
/// facts the server needs, already checked by ``RequestParser``. The request-target is kept raw;
/// call ``normalisedTarget()`` to decode it.
public struct RequestHead: Sendable {
    /// The method token (RFC 9110 §9.1); unknown methods are kept for the server to answer 501.
    public let method: HTTPMethod
    /// The protocol version of the request line (`.http09` for a Simple-Request).
    public let version: HTTPVersion
    /// The header fields in order (none for HTTP/0.9).
    public let headers: HTTPHeaders
    /// The body length from `Content-Length`, or nil when absent (or when chunked).
    public let contentLength: Int?
    /// Whether the body uses the chunked transfer coding (decode it with ``ChunkedDecoder``).
    public let isChunked: Bool
    /// Whether the connection may stay open after the response: HTTP/1.1 unless `Connection:
    /// close`; HTTP/1.0 only with `Connection: keep-alive`; HTTP/0.9 never (RFC 9112 §9.3).
    public let keepAlive: Bool
    /// Whether an HTTP/1.1 client sent `Expect: 100-continue` (ignored for HTTP/1.0, RFC 9110 §10.1.1).
    public let expectsContinue: Bool

    /// Where the request-target sits in the head's bytes.
    let targetRange: Range<Int>
    /// The index of the `Host` field, if any.
    let hostIndex: Int?
    // ``RequestParser`` assembles a head with the memberwise initialiser (internal).

    /// The request-target exactly as received (UTF-8 decoded with repair; use ``targetBytes`` for
    /// the exact bytes, e.g. to forward it).
    public var target: String {
        String(decoding: headers.storage[targetRange], as: UTF8.self)
    }

    /// The request-target's bytes exactly as received.
    public var targetBytes: ArraySlice<UInt8> {
        headers.storage[targetRange]
    }

    /// The `Host` field value (validated as `host[:port]`), or nil when absent.
    public var host: String? {
        hostIndex.map(headers.value(at:))
    }

    /// Whether the request announces a body (`Content-Length` > 0 or chunked).
    public var hasBody: Bool {
        isChunked || (contentLength ?? 0) > 0
    }

    /// The request-target parsed and, for origin-form, percent-decoded and dot-segment free.
    /// See ``RequestTarget`` for the rules.
    public func normalisedTarget() throws(HTTPParseError) -> RequestTarget {
        let range = targetRange
        let method = method
        let result: Result<RequestTarget, HTTPParseError> = headers.storage.withUnsafeBytes { bytes in
            Result { () throws(HTTPParseError) -> RequestTarget in
                try RequestTarget(parsing: UnsafeRawBufferPointer(rebasing: bytes[range]), method: method)
            }
        }
        return try result.get()
    }
}

extension RequestHead {
    /// Parses one complete head from `bytes` (convenience over ``RequestParser`` for tests and
    /// tools). Throws the parse error, or `.invalidRequestLine` if the bytes end before the head does.
    public init(parsing bytes: [UInt8], limits: HTTPLimits = HTTPLimits()) throws(HTTPParseError) {
        var parser = RequestParser(limits: limits)
        switch parser.parse(bytes) {
        case .head(let head, _): self = head
        case .needMore: throw .invalidRequestLine
        case .failure(let error): throw error
        }
    }
}
