import HTTPWire
import Protection
import RequestPolicy
import Transport

/// The facts of one allowed proxy request that its exchange or tunnel needs: the head, where it
/// goes, the URL the rules saw, the proxy user, the destination policy and the parser limits.
struct ProxyRequest: Sendable {
    /// The client's request head.
    let head: RequestHead
    /// Where the request goes.
    let target: ProxyTarget
    /// The URL the rules translated to (for the error log).
    let url: String
    /// The user authenticated by `Proxy-Authorization`, if any (the access log's authuser).
    let user: String?
    /// Which addresses may be connected to.
    let policy: ProxyDestinationPolicy
    /// The server's request limits (for a chunked request body, and for the connection that
    /// takes the client back afterwards).
    let limits: HTTPLimits

    /// The status logged when the client went away before any response was sent (nginx's
    /// convention; no response status was ever sent).
    static let clientClosedStatus = 499

    /// The pool key's user when the origin connection may be kept and reused after this request
    /// (nil when it must not be): only when the request carries no origin credentials, or ones
    /// that travel with every request (Basic, Bearer). Connection-bound schemes (NTLM, Negotiate)
    /// tie the connection to one client, so it is closed after the exchange.
    var poolUser: String?? {
        let credentials = head.headers.values("Authorization")
        let perRequest = credentials.allSatisfy { value in
            let scheme = value.split(separator: " ", maxSplits: 1).first.map { $0.lowercased() } ?? ""
            return scheme == "basic" || scheme == "bearer"
        }
        return perRequest ? .some(user) : nil
    }

    /// The request line as received, with the full URL (CONNECT: `host:port`).
    var requestLine: String {
        "\(head.method.rawValue) \(head.target) \(head.version)"
    }

    /// Writes the access-log line for this request (reference cern §10.1): client, proxy user,
    /// request line with the full URL, status, body bytes sent to the client.
    func log(status: Int?, bytes: Int, received: Int?, client: ClientAddress, started: Int64, context: LoopContext) {
        let response = ResponseSummary(status: status ?? ProxyRequest.clientClosedStatus, user: user)
        context.logAccess(AccessRecord(head: head, response: response, user: user, bodyBytes: bytes, received: received, started: started,
                                       client: client.description))
    }

    /// Writes the error-log line for a request that could not reach its origin.
    func logFailure(_ failure: ProxyFailure, client: ClientAddress, context: LoopContext) {
        context.logs.error("proxy \(head.method.rawValue) \(url): \(failure.detail)", client: client.description)
    }

    /// An error page for this request (the server's own page, `Connection: close`), as bytes to
    /// send, with its body length.
    func errorResponse(_ status: HTTPStatus, detail: String, context: LoopContext) -> (bytes: [UInt8], bodyLength: Int) {
        let plan = context.responseBuilder(for: head).page(status, detail: detail, close: true, user: user)
        var bytes = plan.head.bytes
        if case .bytes(let body) = plan.body { bytes += body }
        return (bytes, plan.bodyLength)
    }
}
