import HTTPWire
import Protection
import Transport

/// One forwarded request (absolute-form GET, HEAD, POST, PUT, DELETE) after the Gate allowed it,
/// on a `ProxyRelay`: owns the HTTP side of it — the rewritten request head, the request body's
/// framing up, the origin's response heads (interim ones relayed, the final one rewritten) and
/// its body's framing down, passed on as it arrives and never buffered whole. When the response
/// is complete and the client may keep its connection, the stream goes back to the HTTP path with
/// the bytes read past this request; the origin connection goes to `UpstreamPool` when the
/// origin keeps it alive too, and a request that met a pooled connection the origin had just
/// closed is sent again on a new one.
///
/// Kept alive by the relay's endpoints while they are registered; every method runs on the loop
/// thread.
final class ProxyExchange: ProxyRelayOwner {
    /// The client and origin sockets, buffers, interest, timer and teardown.
    let relay: ProxyRelay
    private let request: ProxyRequest
    private let context: LoopContext
    /// Takes the client back as an HTTP connection (keep-alive).
    private let giveBack: ([UInt8]) -> Void
    /// When the exchange began (for the log).
    private let started: Int64
    private let clientAddress: ClientAddress
    /// The origin's address (the pool key) and whether the connection came from the pool.
    private var upstreamAddress: SocketAddress?
    private var upstreamReused = false
    /// Whether the origin connection may go back to the pool, and for which user (see
    /// `ProxyRequest.poolUser`).
    private let poolUser: String??
    /// The request head as sent, kept to send again when a pooled connection turns out closed.
    private let upstreamHead: [UInt8]
    /// The origin's response allows another request on its connection (HTTP/1.1, no `close`,
    /// a delimited body, nothing after it).
    private var originKeepsAlive = false

    /// Finds the end of the request body (passed on as received, chunked or not).
    private var requestBody: MessageBodyFramer
    /// Request body bytes received (for the access log).
    private var requestBodyBytes = 0
    /// Bytes the client sent after this request's body (its next request).
    private var afterRequest: [UInt8] = []
    /// Origin bytes not yet parsed as a response head.
    private var responseInput: [UInt8] = []
    private var responseParser = ResponseHeadParser(maxHeadBytes: ProxyLimits.maxResponseHeadBytes, maxFields: ProxyLimits.maxResponseFields)
    /// The final response's body framer, once its head has arrived.
    private var responseBody: MessageBodyFramer?
    private var interimResponses = 0
    /// The final response (or error page) is fully queued for the client.
    private var responseComplete = false
    /// The status sent to the client, once a final head or error page is queued.
    private var status: Int?
    /// Body bytes queued for the client (the access log's bytes).
    private var bodyBytesSent = 0
    /// Whether the client's connection stays open after the response.
    private var keepAlive = false

    /// An exchange for `request` over the client's stream (registered by `start`).
    init(request: ProxyRequest, client: any ConnectionStream, clientAddress: ClientAddress, context: LoopContext,
         giveBack: @escaping ([UInt8]) -> Void) {
        relay = ProxyRelay(client: client, context: context, idleTimeout: ProxyLimits.responseTimeout)
        self.request = request
        self.context = context
        self.giveBack = giveBack
        self.started = context.requestClock
        self.clientAddress = clientAddress
        requestBody = MessageBodyFramer(BodyFraming(request.head) ?? .none, emitting: .wire, limits: request.limits)
        poolUser = request.poolUser
        upstreamHead = ProxyMessageHeads.upstreamRequest(request.head, target: request.target, keepAlive: poolUser != nil)
    }

    /// Registers the client's stream, queues the request head and the body bytes already read,
    /// and starts connecting.
    func start(leftover: [UInt8]) {
        guard relay.start(owner: self) else { return }
        relay.queue(upstreamHead, towards: .upstream)
        leftover.withUnsafeBytes { feedRequestBody($0) }
        if status == nil { relay.connect(to: request.target, policy: request.policy, poolUser: poolUser) }
        relay.settle()
    }

    // MARK: - Relay events

    /// The request body while it lasts (and while the origin reads it); the response head, then
    /// as much body as the client's buffer holds.
    func readLimit(from side: ProxySide) -> Int {
        switch side {
        case .client:
            return requestBody.isComplete || responseComplete ? 0 : relay.toUpstream.buffer.space
        case .upstream:
            if responseComplete { return 0 }
            // The parser refuses a head once this many bytes arrived without its end.
            return responseBody == nil ? ProxyLimits.maxResponseHeadBytes - responseInput.count : relay.toClient.buffer.space
        }
    }

    /// Request body bytes from the client; response bytes from the origin.
    func received(_ bytes: UnsafeRawBufferPointer, from side: ProxySide) {
        switch side {
        case .client:
            feedRequestBody(bytes)
        case .upstream:
            guard responseBody == nil else {
                feedResponseBody(bytes)
                return
            }
            responseInput.append(contentsOf: bytes)
            parseResponse()
        }
    }

    /// A client that went away ends the exchange; an origin that closed ends a close-delimited
    /// body, cuts any other short, or (pooled, before answering) is replaced by a new connection.
    func ended(_ side: ProxySide) {
        switch side {
        case .client: abort()
        case .upstream: upstreamClosed()
        }
    }

    /// The origin is reached (the queued head goes out), or the client gets the error page.
    func connected(_ result: Result<UpstreamConnector.Connected, ProxyFailure>) {
        switch result {
        case .failure(let failure):
            fail(failure)
        case .success(let connection):
            upstreamAddress = connection.address
            upstreamReused = connection.reused
        }
    }

    /// Before any answer: 504. After one started: the connection ends (the client sees the
    /// short response).
    func timedOut() {
        if status == nil && relay.toClient.buffer.isEmpty {
            fail(.timedOut)
        } else {
            abort()
        }
    }

    /// Ends the exchange once the response is sent, or when the client stopped reading.
    func progressed() {
        if relay.toClient.destinationClosed {
            abort()
        } else if responseComplete && relay.toClient.buffer.isEmpty {
            finish()
        }
    }

    // MARK: - Request

    /// Passes request body bytes on (the relay drops them once the origin stopped reading);
    /// bytes past the body's end are the client's next request.
    private func feedRequestBody(_ bytes: UnsafeRawBufferPointer) {
        guard !requestBody.isComplete else {
            afterRequest.append(contentsOf: bytes)
            return
        }
        let progress = requestBody.consume(bytes) { piece in
            requestBodyBytes += piece.count
            relay.queue(piece, towards: .upstream)
        }
        switch progress {
        case .more:
            break
        case .done(let consumed):
            afterRequest.append(contentsOf: bytes[consumed...])
        case .failed(let error):
            // The client's chunked body is malformed: nothing sensible can reach the origin.
            if status == nil {
                respondWithError(error.status, detail: error.reason)
            } else {
                abort()
            }
        }
    }

    // MARK: - Response

    /// Parses heads from `responseInput`: interim ones are relayed (to HTTP/1.1 clients, RFC 9110
    /// §15.2), the final one is rewritten and queued, and its body starts.
    private func parseResponse() {
        let head = request.head
        while responseBody == nil, !relay.isFinished {
            switch responseParser.parse(responseInput) {
            case .needMore:
                return
            case .invalid(let error):
                fail(.badResponse(error.reason))
                return
            case .head(let response, let consumed):
                responseInput.removeFirst(consumed)
                responseParser.reset()
                if response.isInterim {
                    // The proxy removes Upgrade, so a 101 can only be a broken origin.
                    interimResponses += 1
                    guard response.status != 101, interimResponses <= ProxyLimits.maxInterimResponses else {
                        fail(.badResponse("unexpected interim response \(response.status)"))
                        return
                    }
                    if head.version == .http11 { relay.queue(ProxyMessageHeads.interimResponse(response), towards: .client) }
                    continue
                }
                switch response.bodyFraming(for: head.method) {
                case .failure(let error):
                    fail(.badResponse(error.reason))
                    return
                case .success(let framing):
                    // RFC 9112 §9.3: an HTTP/1.1 origin keeps the connection unless it says close.
                    originKeepsAlive = response.version == .http11 && framing != .untilClose
                        && !HopByHopFields.connectionOptions(response.values("connection")).contains("close")
                    startResponse(response, framing: framing)
                }
            }
        }
    }

    private func startResponse(_ response: ParsedResponseHead, framing: BodyFraming) {
        let head = request.head
        let isHTTP11 = head.version == .http11
        let delimited: Bool
        switch framing {
        case .none, .length: delimited = true
        case .chunked: delimited = isHTTP11
        case .untilClose: delimited = false
        }
        keepAlive = head.keepAlive && delimited && requestBody.isComplete && !context.draining
        let connection: ResponseHead.Connection?
        if keepAlive {
            connection = isHTTP11 ? nil : .keepAlive
        } else {
            connection = isHTTP11 ? .close : nil
        }
        relay.queue(ProxyMessageHeads.clientResponse(response, clientVersion: head.version, keepChunked: framing == .chunked && isHTTP11,
                                                     connection: connection, date: context.date), towards: .client)
        status = response.status
        // A proxy relays responses of any size (they stream; nothing is held whole). An HTTP/1.0
        // client cannot read chunks: it gets the content, delimited by the close.
        var limits = HTTPLimits()
        limits.maxBodyBytes = Int.max
        responseBody = MessageBodyFramer(framing, emitting: isHTTP11 ? .wire : .content, limits: limits)
        let rest = responseInput
        responseInput = []
        rest.withUnsafeBytes { feedResponseBody($0) }
    }

    private func feedResponseBody(_ bytes: UnsafeRawBufferPointer) {
        guard var body = responseBody else { return }
        let progress = body.consume(bytes) { piece in
            relay.queue(piece, towards: .client)
            bodyBytesSent += piece.count
        }
        responseBody = body
        switch progress {
        case .more:
            break
        case .done(let consumed):
            // Bytes past the response are a broken origin: that connection is not reused.
            if consumed < bytes.count { originKeepsAlive = false }
            completeResponse(truncated: false)
        case .failed:
            completeResponse(truncated: true)
        }
    }

    /// The origin closed (or reset) the connection.
    private func upstreamClosed() {
        relay.closeUpstream()
        guard !relay.isFinished, !responseComplete else { return }
        guard let body = responseBody else {
            // A pooled connection the origin closed while it sat idle: the request never reached
            // it, so a request without a body is sent again on a new connection (RFC 9112 §9.3.1).
            if upstreamReused && interimResponses == 0 && responseInput.isEmpty && !request.head.hasBody {
                upstreamReused = false
                relay.resetUpstreamDirections()
                relay.queue(upstreamHead, towards: .upstream)
                relay.connect(to: request.target, policy: request.policy)
                return
            }
            fail(.closedEarly)
            return
        }
        // A close-delimited body ends here; any other body was cut short.
        completeResponse(truncated: body.framing != .untilClose)
    }

    /// The response is fully queued; a truncated one ends the client's connection (so the client
    /// sees the short body rather than a mis-framed next response).
    private func completeResponse(truncated: Bool) {
        responseComplete = true
        if truncated { keepAlive = false }
        let reusable = !truncated && originKeepsAlive && requestBody.isComplete && relay.toUpstream.buffer.isEmpty
            && !relay.toUpstream.destinationClosed
        // The pool keys a connection by origin and proxy user (see `ProxyRequest.poolUser`).
        guard reusable, let address = upstreamAddress, let user = poolUser else {
            relay.closeUpstream()
            return
        }
        if let socket = relay.releaseUpstream() {
            UpstreamPool.shared.put(socket, key: UpstreamPool.Key(address: address, user: user), now: context.loop.now)
        }
    }

    /// Answers with the proxy's own error page instead of the origin's response (logged).
    private func fail(_ failure: ProxyFailure) {
        request.logFailure(failure, client: clientAddress, context: context)
        respondWithError(failure.status, detail: failure.detail)
    }

    private func respondWithError(_ code: HTTPStatus, detail: String) {
        relay.closeUpstream()
        guard status == nil else {
            completeResponse(truncated: true)
            return
        }
        let page = request.errorResponse(code, detail: detail, context: context)
        status = code.code
        bodyBytesSent = page.bodyLength
        keepAlive = false
        responseComplete = true
        relay.send(page.bytes, to: .client)
    }

    // MARK: - End

    /// The response is sent: log it, then give the client's connection back to the HTTP path
    /// (keep-alive) or close it.
    private func finish() {
        guard !relay.isFinished else { return }
        log()
        if keepAlive && requestBody.isComplete && !context.draining {
            if relay.handBack() { giveBack(afterRequest) }
        } else {
            relay.close()
        }
    }

    /// The client is gone or the exchange cannot go on: close both sides, log what was sent.
    private func abort() {
        guard !relay.isFinished else { return }
        log()
        relay.close()
    }

    private func log() {
        request.log(status: status, bytes: bodyBytesSent, received: request.head.hasBody ? requestBodyBytes : nil,
                    client: clientAddress, started: started, context: context)
    }
}
