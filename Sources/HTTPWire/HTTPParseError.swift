/// Why a request head, request target or chunked body was refused. Closed: each case maps to
/// exactly one response status (``status``) and a short human ``reason`` for the error page and
/// the error log. The connection should be closed after any of them.
public enum HTTPParseError: Error, Sendable, Hashable, CaseIterable {
    /// More empty lines before the request line than ``HTTPLimits/maxLeadingEmptyLines``.
    case tooManyLeadingEmptyLines
    /// The method is not a token (RFC 9110 §9.1, §5.6.2).
    case invalidMethod
    /// The request line is not `method SP target SP version` (or `GET SP target` for HTTP/0.9).
    case invalidRequestLine
    /// The request-target holds a byte that may not appear there, or cannot be parsed.
    case invalidRequestTarget
    /// A Simple-Request (no version) with a method other than GET (RFC 1945 §4.1).
    case invalidSimpleRequest
    /// A version other than HTTP/1.0 or HTTP/1.1.
    case versionNotSupported
    /// The request line is longer than ``HTTPLimits/maxRequestLineBytes``.
    case uriTooLong
    /// The field lines are larger than ``HTTPLimits/maxHeaderBlockBytes``.
    case headerFieldsTooLarge
    /// More field lines than ``HTTPLimits/maxHeaderFields``.
    case tooManyHeaderFields
    /// A field line starting with SP or HTAB: obsolete line folding (RFC 9112 §5.2).
    case obsFold
    /// A CR not followed by LF (RFC 9112 §2.2).
    case bareCR
    /// Whitespace between a field name and its colon (RFC 9112 §5.1).
    case whitespaceBeforeColon
    /// A field name that is empty or holds a non-token byte (RFC 9110 §5.1).
    case invalidFieldName
    /// A field line without a colon.
    case missingColon
    /// A field value holding a control byte (RFC 9110 §5.5).
    case invalidFieldValue
    /// A `Content-Length` that is not a list of decimal numbers (RFC 9110 §8.6).
    case invalidContentLength
    /// `Content-Length` values that disagree (RFC 9112 §6.3 item 5).
    case conflictingContentLength
    /// Both `Transfer-Encoding` and `Content-Length`: a smuggling attempt (RFC 9112 §6.1).
    case contentLengthWithTransferEncoding
    /// `Transfer-Encoding` whose final coding is not `chunked` (RFC 9112 §6.3 item 4).
    case transferEncodingNotChunked
    /// `Transfer-Encoding` that is empty, malformed, or applies `chunked` twice (RFC 9112 §6.1).
    case invalidTransferEncoding
    /// `Transfer-Encoding` in an HTTP/1.0 request: faulty framing (RFC 9112 §6.1).
    case transferEncodingInHTTP10
    /// A transfer coding other than `chunked` before it (RFC 9112 §6.1: 501).
    case unsupportedTransferCoding
    /// A body larger than ``HTTPLimits/maxBodyBytes``.
    case contentTooLarge
    /// An HTTP/1.1 request without `Host` (RFC 9112 §3.2).
    case missingHost
    /// More than one `Host` field (RFC 9112 §3.2).
    case multipleHost
    /// A `Host` value that is not `host[:port]` (RFC 9110 §7.2).
    case invalidHost
    /// A path with `%` not followed by two hex digits (RFC 3986 §2.1).
    case invalidPercentEncoding
    /// A path that decodes to NUL or another control byte.
    case forbiddenPathByte
    /// A path whose decoded bytes are not UTF-8.
    case invalidUTF8Path
    /// A path whose dot segments would climb above `/` (refused, not clamped).
    case pathAboveRoot
    /// An origin-form target that does not start with `/`.
    case pathNotAbsolute
    /// A host or port in an absolute-form or authority-form target that cannot be parsed, or a
    /// userinfo part (RFC 9110 §4.2.4).
    case invalidAuthority
    /// An absolute-form target with a scheme other than `http`.
    case unsupportedScheme
    /// A target form the method may not use: `*` other than with OPTIONS, authority-form other
    /// than with CONNECT, or CONNECT without authority-form (RFC 9112 §3.2).
    case targetFormNotAllowed
    /// A chunk size that is not hexadecimal, or too large to represent (RFC 9112 §7.1).
    case invalidChunkSize
    /// A chunk-size line longer than ``HTTPLimits/maxChunkLineBytes``.
    case chunkLineTooLong
    /// Chunk data not followed by a line ending, or a malformed chunk extension.
    case malformedChunk
    /// Trailer field lines larger than ``HTTPLimits/maxTrailerBytes``.
    case trailerTooLarge

    /// The status to answer with.
    public var status: HTTPStatus {
        switch self {
        case .uriTooLong: .uriTooLong
        case .headerFieldsTooLarge, .tooManyHeaderFields, .trailerTooLarge: .requestHeaderFieldsTooLarge
        case .versionNotSupported: .httpVersionNotSupported
        case .unsupportedTransferCoding: .notImplemented
        case .contentTooLarge: .contentTooLarge
        case .tooManyLeadingEmptyLines, .invalidMethod, .invalidRequestLine, .invalidRequestTarget,
             .invalidSimpleRequest, .obsFold, .bareCR, .whitespaceBeforeColon, .invalidFieldName,
             .missingColon, .invalidFieldValue, .invalidContentLength, .conflictingContentLength,
             .contentLengthWithTransferEncoding, .transferEncodingNotChunked, .invalidTransferEncoding,
             .transferEncodingInHTTP10, .missingHost, .multipleHost, .invalidHost,
             .invalidPercentEncoding, .forbiddenPathByte, .invalidUTF8Path, .pathAboveRoot,
             .pathNotAbsolute, .invalidAuthority, .unsupportedScheme, .targetFormNotAllowed,
             .invalidChunkSize, .chunkLineTooLong, .malformedChunk:
            .badRequest
        }
    }

    /// A short human explanation, safe to show a client (it never echoes request bytes).
    public var reason: String {
        switch self {
        case .tooManyLeadingEmptyLines: "too many empty lines before the request line"
        case .invalidMethod: "invalid method"
        case .invalidRequestLine: "malformed request line"
        case .invalidRequestTarget: "invalid request target"
        case .invalidSimpleRequest: "an HTTP/0.9 request must use GET"
        case .versionNotSupported: "only HTTP/1.0 and HTTP/1.1 are supported"
        case .uriTooLong: "request line too long"
        case .headerFieldsTooLarge: "header fields too large"
        case .tooManyHeaderFields: "too many header fields"
        case .obsFold: "obsolete line folding in header"
        case .bareCR: "CR not followed by LF"
        case .whitespaceBeforeColon: "whitespace between header name and colon"
        case .invalidFieldName: "invalid header name"
        case .missingColon: "header line without a colon"
        case .invalidFieldValue: "invalid byte in header value"
        case .invalidContentLength: "invalid Content-Length"
        case .conflictingContentLength: "conflicting Content-Length values"
        case .contentLengthWithTransferEncoding: "both Transfer-Encoding and Content-Length"
        case .transferEncodingNotChunked: "final transfer coding is not chunked"
        case .invalidTransferEncoding: "invalid Transfer-Encoding"
        case .transferEncodingInHTTP10: "Transfer-Encoding in an HTTP/1.0 request"
        case .unsupportedTransferCoding: "unsupported transfer coding"
        case .contentTooLarge: "request body too large"
        case .missingHost: "HTTP/1.1 request without Host"
        case .multipleHost: "more than one Host header"
        case .invalidHost: "invalid Host header"
        case .invalidPercentEncoding: "invalid percent-encoding in path"
        case .forbiddenPathByte: "path decodes to a control character"
        case .invalidUTF8Path: "path is not valid UTF-8"
        case .pathAboveRoot: "path climbs above the root"
        case .pathNotAbsolute: "path does not start with /"
        case .invalidAuthority: "invalid host or port in request target"
        case .unsupportedScheme: "unsupported URI scheme"
        case .targetFormNotAllowed: "request target form not allowed for this method"
        case .invalidChunkSize: "invalid chunk size"
        case .chunkLineTooLong: "chunk size line too long"
        case .malformedChunk: "malformed chunked body"
        case .trailerTooLarge: "trailer fields too large"
        }
    }
}
