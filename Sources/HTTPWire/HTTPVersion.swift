/// The protocol versions Gatehouse speaks: HTTP/0.9 Simple-Requests (RFC 1945 §4.1), HTTP/1.0
/// (RFC 1945) and HTTP/1.1 (RFC 9112). Anything else is refused with 505.
public enum HTTPVersion: Sendable, Hashable, CustomStringConvertible {
    /// A Simple-Request (`GET /path` with no version): the response is the body alone.
    case http09
    /// HTTP/1.0: connections close unless the client asked for `Connection: keep-alive`.
    case http10
    /// HTTP/1.1: connections persist unless either side says `Connection: close`.
    case http11

    /// The version as written on the wire (`HTTP/1.1`); `HTTP/0.9` for Simple-Requests, which never
    /// carry it.
    public var description: String {
        switch self {
        case .http09: "HTTP/0.9"
        case .http10: "HTTP/1.0"
        case .http11: "HTTP/1.1"
        }
    }
}
