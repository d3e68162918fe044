/// Why an HTTP/1.x response head (or the body framing it announces) was refused. Closed: a proxy
/// answers every one of them with 502 and shows ``reason``; nothing malformed is repaired.
public enum ResponseHeadError: Error, Sendable, Hashable, CaseIterable {
    /// The bytes do not start with `HTTP/1.`: another protocol, HTTP/2, or an empty line where
    /// the status line belongs.
    case notHTTP1
    /// The head is longer than ``ResponseHeadParser/maxHeadBytes``.
    case headTooLarge
    /// More field lines than ``ResponseHeadParser/maxFields``.
    case tooManyFields
    /// Not `HTTP/1.x SP 3DIGIT [SP reason-phrase]`, or a status below 100 (RFC 9112 §4).
    case invalidStatusLine
    /// A control byte in the reason phrase (RFC 9112 §4).
    case invalidReasonPhrase
    /// A field line starting with SP or HTAB: obsolete line folding (RFC 9112 §5.2).
    case obsFold
    /// A field name that is empty or holds a non-token byte, or whitespace before the colon
    /// (RFC 9110 §5.1, RFC 9112 §5.1).
    case invalidFieldName
    /// A field line without a colon.
    case missingColon
    /// A control byte in a field value (RFC 9110 §5.5).
    case invalidFieldValue
    /// `Transfer-Encoding` in an HTTP/1.0 response: the framing is faulty (RFC 9112 §6.1).
    case transferEncodingInHTTP10
    /// A `Transfer-Encoding` without a coding.
    case invalidTransferEncoding
    /// A `Content-Length` that is not a list of decimal numbers (RFC 9110 §8.6).
    case invalidContentLength
    /// `Content-Length` values that disagree (RFC 9112 §6.3 item 5).
    case conflictingContentLength

    /// A short explanation for an error page or log line (it never echoes the origin's bytes).
    public var reason: String {
        switch self {
        case .notHTTP1: "not an HTTP/1.x response"
        case .headTooLarge: "response head too large"
        case .tooManyFields: "too many header fields"
        case .invalidStatusLine: "bad status line"
        case .invalidReasonPhrase: "control byte in the reason phrase"
        case .obsFold: "obsolete line folding"
        case .invalidFieldName: "bad header field name"
        case .missingColon: "header field without a colon"
        case .invalidFieldValue: "control byte in a header field value"
        case .transferEncodingInHTTP10: "Transfer-Encoding in an HTTP/1.0 response"
        case .invalidTransferEncoding: "invalid Transfer-Encoding"
        case .invalidContentLength: "invalid Content-Length"
        case .conflictingContentLength: "conflicting Content-Length values"
        }
    }
}
