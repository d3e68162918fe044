/// How one message body is delimited on the wire (RFC 9112 §6.3): what ``MessageBodyFramer``
/// follows to find where the body ends and the next message begins.
public enum BodyFraming: Sendable, Hashable {
    /// No body: a request without `Content-Length` or `Transfer-Encoding`, a response to HEAD, a
    /// 1xx, 204 or 304 response (RFC 9112 §6.3 items 1 and 7).
    case none
    /// Exactly this many bytes (`Content-Length`, RFC 9112 §6.3 item 6).
    case length(Int)
    /// The chunked transfer coding (RFC 9112 §7.1).
    case chunked
    /// Everything until the sender closes: a response without a length (RFC 9112 §6.3 item 8),
    /// or one whose final transfer coding is not chunked (item 4).
    case untilClose

    /// The framing a request head announces, or nil when the request has no body. The parser
    /// has already refused the ambiguous cases (both fields, a final coding other than chunked).
    public init?(_ head: RequestHead) {
        if head.isChunked {
            self = .chunked
        } else if let length = head.contentLength, length > 0 {
            self = .length(length)
        } else {
            return nil
        }
    }
}
