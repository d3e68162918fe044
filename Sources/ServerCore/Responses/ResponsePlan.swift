import HTTPWire
import Protection
import Transport

/// A response ready to send: the head, the body, and what to do with the connection after it.
struct ResponsePlan: Sendable {
    /// Where the body comes from.
    enum Body: Sendable {
        /// No body (HEAD, 304, or an empty file).
        case none
        /// Bytes in memory (error pages, listings, redirects).
        case bytes([UInt8])
        /// A byte range of an open file, sent with `sendfile`; the plan owns the descriptor.
        case file(FileDescriptor, offset: Int64, length: Int)
        /// Pieces in order, literal bytes and ranges of the open file (`multipart/byteranges`).
        case parts([Part], FileDescriptor)
    }

    /// One piece of a `parts` body.
    enum Part: Sendable {
        /// Bytes sent as they are.
        case bytes([UInt8])
        /// `length` bytes of the file from `offset`.
        case file(offset: Int64, length: Int)
    }

    var head: ResponseHead
    var body: Body
    /// Close the connection once sent.
    var close: Bool
    /// For the access log.
    var user: String?
    /// Request body bytes received (uploads), for the access log.
    var receivedBytes: Int? = nil
    /// A line for the error log (a broken ACL file, a setup error), written with the client.
    var errorNote: String? = nil
    /// The client the decision judged (a trusted proxy's client), when it is not the peer.
    var client: ClientAddress? = nil
    /// The Gate's deciding step, for the log.
    var decidingStep: String? = nil
    /// The status to log when it is not the head's (499: the client left before any answer).
    var loggedStatus: Int? = nil

    /// Body bytes this response sends (the log's bytes field).
    var bodyLength: Int {
        switch body {
        case .none: return 0
        case .bytes(let b): return b.count
        case .file(_, _, let length): return length
        case .parts(let parts, _):
            return parts.reduce(0) { total, part in
                switch part {
                case .bytes(let bytes): total + bytes.count
                case .file(_, let length): total + length
                }
            }
        }
    }
}

extension ResponsePlan {
    /// No response (the placeholder of an idle connection).
    static let empty = ResponsePlan(head: ResponseHead(status: .ok, version: .http11), body: .none, close: false, user: nil)
}

extension ResponsePlan.Body {
    /// Closes the file a plan that will not be sent owns.
    func release() {
        switch self {
        case .file(let fd, _, _), .parts(_, let fd): fd.closeIgnoringErrors()
        case .none, .bytes: break
        }
    }
}
