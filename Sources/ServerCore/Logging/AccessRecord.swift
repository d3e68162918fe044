import HTTPWire
import Protection

/// One finished response as the access log records it: the request head (nil when it could not
/// be parsed), the plan sent, the user, the bytes, and when the request began.
struct AccessRecord {
    /// The request head, for the request line, `Referer` and `User-Agent`.
    let head: RequestHead?
    /// The response sent, as the log sees it.
    let response: ResponseSummary
    /// The authenticated user.
    let user: String?
    /// Body bytes sent.
    let bodyBytes: Int
    /// Request body bytes received (uploads).
    let received: Int?
    /// Monotonic microseconds when the head was complete.
    let started: Int64
    /// The client the line names (a trusted proxy's client, else the peer), as text.
    let client: String

    /// Method, target and version as received.
    var requestLineBytes: [UInt8] {
        guard let head else { return Array("-".utf8) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(head.targetBytes.count + 16)
        bytes.append(contentsOf: head.method.rawValue.utf8)
        bytes.append(UInt8(ascii: " "))
        bytes.append(contentsOf: head.targetBytes)
        if head.version != .http09 {
            bytes.append(UInt8(ascii: " "))
            bytes.append(contentsOf: head.version.description.utf8)
        }
        return bytes
    }
}
