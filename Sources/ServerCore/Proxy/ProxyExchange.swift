import HTTPWire
import Protection
import Transport

/// One forwarded request (absolute-form GET, HEAD, POST, PUT, DELETE) after the Gate allowed it:
/// connects to the origin, sends the rewritten head and streams the request body up, then streams
/// the response back (its head rewritten, its body passed on as it arrives, never buffered whole).
/// Each direction holds at most `ProxyLimits.bufferBytes` before reading from the other side
/// stops (backpressure). When the response is complete and the client may keep its connection,
/// the socket goes back to a new `Connection` with the bytes read past this request; the origin
/// connection goes to `UpstreamPool` when the origin keeps it alive too.
///
/// Owned by the loop while its sockets are registered; every method runs on the loop thread.
final class ProxyExchange: ProxyEndpointOwner {
    private let request: ProxyRequest
    private let context: LoopContext
    private let loop: EventLoop
    private let client: any ConnectionStream
    /// Takes the client back as an HTTP connection (keep-alive).
    private let giveBack: ([UInt8]) -> Void
    /// When the exchange began (for the log).
    private let started: Int64
    private let clientAddress: ClientAddress
    private var connector: UpstreamConnector?
    private var upstream: Socket?
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

    /// Request head and body bytes for the origin.
    private var toUpstream = ProxyBuffer()
    /// Response bytes for the client.
    private var toClient = ProxyBuffer()
    /// Finds the end of the request body.
    private var requestBody: MessageBodyFramer
    /// Request body bytes received (for the access log).
    private var requestBodyBytes = 0
    /// Bytes the client sent after this request's body (its next request).
    private var afterRequest: [UInt8] = []
    /// The origin closed its reading side: the rest of the request body is dropped.
    private var upstreamWriteClosed = false
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
    private var finished = false
    private var timer: TimerID?

    /// An exchange for `request` over the client's socket (registered by `start`).
    init(request: ProxyRequest, client: any ConnectionStream, clientAddress: ClientAddress, context: LoopContext,
         giveBack: @escaping ([UInt8]) -> Void) {
        self.request = request
        self.context = context
        self.loop = context.loop
        self.client = client
        self.giveBack = giveBack
        self.started = context.loop.now
        self.clientAddress = clientAddress
        requestBody = MessageBodyFramer(BodyFraming(request.head) ?? .none, emitting: .wire, limits: request.limits)
        poolUser = request.poolUser
        upstreamHead = ProxyMessageHeads.upstreamRequest(request.head, target: request.target, keepAlive: poolUser != nil)
    }

    /// Registers the client socket, queues the request head and the body bytes already read,
    /// and starts connecting.
    func start(leftover: [UInt8]) {
        do {
            try loop.register(client.descriptor, interest: [], handler: ProxyEndpoint(self, side: .client))
        } catch {
            finished = true
            closeClient()
            return
        }
        toUpstream.append(upstreamHead)
        leftover.withUnsafeBytes { feedRequestBody($0) }
        guard !finished, status == nil else { return }
        connect(poolUser: poolUser)
        update()
    }

    private func connect(poolUser: String??) {
        let connector = UpstreamConnector(loop: loop, target: request.target, policy: request.policy, poolUser: poolUser)
        self.connector = connector
        connector.start { [self] result in connected(result) }
    }

    // MARK: - Events

    /// A readable side: the client (request body) or the origin (response).
    func readable(_ side: ProxyEndpoint.Side) {
        switch side {
        case .client: readClient()
        case .upstream: readUpstream()
        }
    }

    /// A writable side: the queued bytes go out.
    func writable(_ side: ProxyEndpoint.Side) {
        switch side {
        case .client: flushClient()
        case .upstream:
            flushUpstream()
            update()
        }
    }

    /// The client vanished (nothing more can be sent to it); the origin failed or reset (what it
    /// sent is read first).
    func hangup(_ side: ProxyEndpoint.Side) {
        switch side {
        case .client: abort()
        case .upstream:
            readUpstream()
            if upstream != nil { upstreamClosed() }
        }
    }

    // MARK: - Request

    private func connected(_ result: Result<UpstreamConnector.Connected, ProxyFailure>) {
        // Every way of finishing cancels the connector, and a cancelled one never reports (it
        // closes what it opened itself), so the owner is still running here.
        connector = nil
        switch result {
        case .failure(let failure):
            fail(failure)
        case .success(let connection):
            let socket = connection.socket
            upstreamAddress = connection.address
            upstreamReused = connection.reused
            if !connection.reused { try? socket.setNoDelay() }
            if let failure = registerUpstream(socket, on: loop) {
                fail(failure)
                return
            }
            upstream = socket
            arm()
            flushUpstream()
            update()
        }
    }

    private func readClient() {
        guard !finished, !requestBody.isComplete else { return }
        let buffer = loop.readBuffer
        let limit = min(buffer.count, max(1, toUpstream.space))
        switch client.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[..<limit])) {
        case .wouldBlock:
            return
        case .closed:
            abort()
        case .bytes(let n):
            feedRequestBody(UnsafeRawBufferPointer(rebasing: buffer[..<n]))
            guard !finished else { return }
            arm()
            flushUpstream()
            update()
        }
    }

    /// Passes request body bytes on (or drops them once the origin stopped reading); bytes past
    /// the body's end are the client's next request.
    private func feedRequestBody(_ bytes: UnsafeRawBufferPointer) {
        guard !requestBody.isComplete else {
            afterRequest.append(contentsOf: bytes)
            return
        }
        let progress = requestBody.consume(bytes) { piece in
            requestBodyBytes += piece.count
            if !upstreamWriteClosed { toUpstream.append(piece) }
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

    private func flushUpstream() {
        guard let upstream, !finished, !toUpstream.isEmpty else { return }
        do {
            switch try toUpstream.write(to: upstream) {
            case .bytes(let n):
                if n > 0 { arm() }
            case .wouldBlock:
                break
            case .peerClosed:
                // The origin stopped reading (it may still answer, e.g. 413): drop the rest.
                upstreamWriteClosed = true
                toUpstream.removeAll()
            }
        } catch {
            upstreamWriteClosed = true
            toUpstream.removeAll()
        }
    }

    // MARK: - Response

    private func readUpstream() {
        guard let upstream, !finished, !responseComplete else { return }
        let buffer = loop.readBuffer
        let limit: Int
        if responseBody == nil {
            // The parser refuses a head once this many bytes arrived without its end.
            limit = min(buffer.count, ProxyLimits.maxResponseHeadBytes - responseInput.count)
        } else {
            guard toClient.space > 0 else { return }
            limit = min(buffer.count, toClient.space)
        }
        let result: Transfer
        do {
            result = try upstream.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[..<limit]))
        } catch {
            upstreamClosed()
            return
        }
        switch result {
        case .wouldBlock:
            return
        case .peerClosed:
            upstreamClosed()
        case .bytes(let n):
            let bytes = UnsafeRawBufferPointer(rebasing: buffer[..<n])
            if responseBody == nil {
                responseInput.append(contentsOf: bytes)
                parseResponse()
            } else {
                feedResponseBody(bytes)
            }
            guard !finished else { return }
            arm()
            flushClient()
        }
    }

    /// Parses heads from `responseInput`: interim ones are relayed (to HTTP/1.1 clients, RFC 9110
    /// §15.2), the final one is rewritten and queued, and its body starts.
    private func parseResponse() {
        let head = request.head
        while responseBody == nil, !finished {
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
                    if head.version == .http11 { toClient.append(ProxyMessageHeads.interimResponse(response)) }
                    continue
                }
                let framing: BodyFraming
                switch response.bodyFraming(for: head.method) {
                case .failure(let error):
                    fail(.badResponse(error.reason))
                    return
                case .success(let f):
                    framing = f
                }
                originKeepsAlive = response.version == .http11 && framing != .untilClose
                    && !HopByHopFields.connectionOptions(response.values("connection")).contains("close")
                startResponse(response, framing: framing)
            }
        }
    }

    private func startResponse(_ response: ParsedResponseHead, framing: BodyFraming) {
        let head = request.head
        let isHTTP11 = head.version == .http11
        // An HTTP/1.0 client cannot read chunks: it gets the data, delimited by the close.
        let dechunk = framing == .chunked && !isHTTP11
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
        toClient.append(ProxyMessageHeads.clientResponse(response, clientVersion: head.version, keepChunked: framing == .chunked && isHTTP11,
                                                         connection: connection, date: context.date))
        status = response.status
        // A proxy relays responses of any size (they stream; nothing is held whole).
        var limits = HTTPLimits()
        limits.maxBodyBytes = Int.max
        responseBody = MessageBodyFramer(framing, emitting: dechunk ? .content : .wire, limits: limits)
        let rest = responseInput
        responseInput = []
        rest.withUnsafeBytes { feedResponseBody($0) }
    }

    private func feedResponseBody(_ bytes: UnsafeRawBufferPointer) {
        guard var body = responseBody else { return }
        let progress = body.consume(bytes) { piece in
            toClient.append(piece)
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
        closeUpstream()
        guard !finished, !responseComplete else { return }
        guard let body = responseBody else {
            // A pooled connection the origin closed while it sat idle: the request never reached
            // it, so a request without a body is sent again on a new connection (RFC 9112 §9.3.1).
            if upstreamReused && interimResponses == 0 && responseInput.isEmpty && !request.head.hasBody {
                upstreamReused = false
                upstreamWriteClosed = false
                toUpstream.removeAll()
                toUpstream.append(upstreamHead)
                connect(poolUser: nil)
                update()
                return
            }
            fail(.closedEarly)
            return
        }
        // A close-delimited body ends here; any other body was cut short.
        completeResponse(truncated: body.framing != .untilClose)
        flushClient()
    }

    /// The response is fully queued; a truncated one ends the client's connection (so the client
    /// sees the short body rather than a mis-framed next response).
    private func completeResponse(truncated: Bool) {
        responseComplete = true
        if truncated { keepAlive = false }
        if !truncated && originKeepsAlive && requestBody.isComplete && toUpstream.isEmpty && !upstreamWriteClosed {
            releaseUpstream()
        } else {
            closeUpstream()
        }
    }

    /// Gives the origin connection to the pool for the next request to the same place.
    private func releaseUpstream() {
        guard let socket = upstream, let address = upstreamAddress, let user = poolUser else {
            closeUpstream()
            return
        }
        upstream = nil
        do {
            try loop.unregister(socket.descriptor)
        } catch {
            socket.descriptor.closeIgnoringErrors()
            return
        }
        UpstreamPool.shared.put(socket, key: UpstreamPool.Key(address: address, user: user), now: loop.now)
    }

    /// Answers with the proxy's own error page instead of the origin's response.
    private func fail(_ failure: ProxyFailure) {
        context.logs.error("proxy \(request.head.method.rawValue) \(request.url): \(failure.detail)", client: clientAddress.description)
        respondWithError(failure.status, detail: failure.detail)
    }

    private func respondWithError(_ code: HTTPStatus, detail: String) {
        connector?.cancel()
        connector = nil
        closeUpstream()
        guard status == nil else {
            completeResponse(truncated: true)
            flushClient()
            return
        }
        let page = request.errorResponse(code, detail: detail, context: context)
        toClient.append(page.bytes)
        status = code.code
        bodyBytesSent = page.bodyLength
        keepAlive = false
        responseComplete = true
        flushClient()
    }

    private func flushClient() {
        guard !finished else { return }
        if !toClient.isEmpty {
            switch toClient.write(to: client) {
            case .bytes(let n):
                if n > 0 { arm() }
            case .wouldBlock:
                break
            case .peerClosed:
                abort()
                return
            }
        }
        if toClient.isEmpty && responseComplete {
            finish()
            return
        }
        update()
    }

    // MARK: - Plumbing

    /// Watches each socket for what can make progress now (reads stop while the other side's
    /// buffer is full).
    private func update() {
        guard !finished else { return }
        var wanted: Interest = []
        if !requestBody.isComplete && !responseComplete && !upstreamWriteClosed && toUpstream.space > 0 { wanted.insert(.readable) }
        if !toClient.isEmpty { wanted.insert(.writable) }
        // The loop makes a system call only when the interest changes.
        do {
            try loop.setInterest(wanted, for: client.descriptor)
        } catch {
            abort()
            return
        }
        guard let upstream else { return }
        wanted = []
        if !toUpstream.isEmpty && !upstreamWriteClosed { wanted.insert(.writable) }
        if !responseComplete && (responseBody == nil || toClient.space > 0) { wanted.insert(.readable) }
        do {
            try loop.setInterest(wanted, for: upstream.descriptor)
        } catch {
            upstreamClosed()
        }
    }

    /// Restarts the timer: a stalled send (30 s by default) or a silent origin
    /// (`ProxyLimits.responseTimeout`).
    private func arm() {
        let sending = !toClient.isEmpty || (upstream != nil && !toUpstream.isEmpty && !upstreamWriteClosed)
        let milliseconds = sending ? context.limits.sendTimeout : ProxyLimits.responseTimeout
        if let timer, loop.reschedule(timer, after: milliseconds) { return }
        timer = loop.schedule(after: milliseconds) { [self] in
            timer = nil
            timedOut()
        }
    }

    private func timedOut() {
        guard !finished else { return }
        if status == nil && toClient.isEmpty {
            fail(.timedOut)
        } else {
            abort()
        }
    }

    private func closeUpstream() {
        guard let socket = upstream else { return }
        upstream = nil
        loop.unregisterAndClose(socket.descriptor)
    }

    /// The response is sent: log it, then give the client's connection back to the HTTP path
    /// (keep-alive) or close it.
    private func finish() {
        guard !finished else { return }
        finished = true
        stopEverything()
        request.log(status: status, bytes: bodyBytesSent, received: request.head.hasBody ? requestBodyBytes : nil,
                    client: clientAddress, started: started, context: context)
        guard keepAlive, requestBody.isComplete, !context.draining else {
            closeClient()
            return
        }
        do {
            try loop.unregister(client.descriptor)
        } catch {
            closeClient()
            return
        }
        context.takeoverEnded(closed: false)
        giveBack(afterRequest)
    }

    /// The client is gone or the exchange cannot go on: close both sides, log what was sent.
    private func abort() {
        guard !finished else { return }
        finished = true
        stopEverything()
        request.log(status: status, bytes: bodyBytesSent, received: request.head.hasBody ? requestBodyBytes : nil,
                    client: clientAddress, started: started, context: context)
        closeClient()
    }

    private func stopEverything() {
        if let timer { loop.cancel(timer) }
        timer = nil
        connector?.cancel()
        connector = nil
        closeUpstream()
    }

    /// Closes the client's socket and gives back its place in the connection count.
    private func closeClient() {
        client.release()
        loop.unregisterAndClose(client.descriptor)
        context.takeoverEnded(closed: true)
    }
}
