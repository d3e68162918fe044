import HTTPWire
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

    /// Body bytes this response sends (the log's bytes field).
    var bodyLength: Int {
        switch body {
        case .none: return 0
        case .bytes(let b): return b.count
        case .file(_, _, let length): return length
        }
    }
}
