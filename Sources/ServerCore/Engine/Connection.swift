import HTTPWire
import Protection
import Transport

/// One client connection on one event loop: reads request heads (and bodies), answers them in
/// order (pipelined requests wait their turn), and enforces the head, idle and send timeouts.
/// The request logic is in `RequestHandler`; this type owns only bytes, the socket and the timer.
final class Connection: EventHandler {
    private enum Phase {
        /// Waiting for the first byte of a request (keep-alive idle).
        case idle
        /// Part of a head has arrived.
        case readingHead
        /// A password is being hashed off the loop.
        case verifying
        /// An allowed body is being read into a sink.
        case readingBody
        /// The sink is finishing (fsync, rename) off the loop.
        case finishing
        /// A response is being sent.
        case writing
        /// Gone (closed, or handed over to a `ConnectionTakeover`).
        case closed
    }

    private let context: LoopContext
    private let socket: Socket
    private let client: ClientAddress
    /// The client's address as text, made once for the log.
    private let clientText: String
    private var phase = Phase.idle
    private var input: [UInt8] = []
    private var parser: RequestParser
    private let limits: HTTPLimits
    private var pendingHead: RequestHead?
    private var output: [UInt8] = []
    private var outputSent = 0
    private var file: (fd: FileDescriptor, offset: Int64, remaining: Int)?
    private var closeAfterResponse = false
    /// The body of the current request: read into `sink`, or dropped when `sink` is nil.
    private var body: BodyReader?
    private var sink: RequestBodySink?
    private var sinkUser: String?
    private var receivedBytes = 0
    private var timer: TimerID?
    private var watching: Interest = .readable
    /// Set while `processInput` runs, so a response finished inside it does not recurse.
    private var processing = false

    /// Bodies up to this size on requests that do not want one (GET with a body) are read and
    /// dropped; larger ones make the connection close after the response.
    static let maxDiscardedBody = 64 * 1024

    init(context: LoopContext, socket: Socket, client: ClientAddress, limits: HTTPLimits, leftover: [UInt8] = []) {
        self.context = context
        self.socket = socket
        self.client = client
        self.clientText = client.description
        self.limits = limits
        self.parser = RequestParser(limits: limits)
        self.input = leftover
    }

    /// Registers on the loop and starts the head timer for the first request.
    func start() throws(Errno) {
        try context.loop.register(socket.descriptor, interest: .readable, handler: self)
        context.connections[socket.descriptor.rawValue] = self
        arm(context.limits.headTimeout)
        if !input.isEmpty { processInput() }
    }

    // MARK: - Events

    func readable() {
        guard phase == .idle || phase == .readingHead || phase == .readingBody else { return }
        let buffer = context.loop.readBuffer
        let result: Transfer
        do {
            result = try socket.read(into: buffer)
        } catch {
            close()
            return
        }
        switch result {
        case .wouldBlock:
            return
        case .peerClosed:
            close()
        case .bytes(let n):
            let bytes = UnsafeRawBufferPointer(rebasing: buffer[..<n])
            if body != nil {
                let rest = feedBody(bytes)
                guard phase != .closed else { return }
                input.append(contentsOf: rest)
            } else {
                input.append(contentsOf: bytes)
            }
            if phase == .readingBody { arm(context.limits.headTimeout) }
            processInput()
        }
    }

    func writable() {
        flush()
    }

    func hangup() {
        close()
    }

    // MARK: - Requests

    /// Answers the requests in `input` one after another (pipelining), in a loop rather than by
    /// recursion, so thousands of pipelined requests in one read cannot exhaust the stack.
    private func processInput() {
        guard !processing else { return }
        processing = true
        defer { processing = false }
        while phase == .idle || phase == .readingHead, body == nil, !input.isEmpty {
            if !processOneRequest() { return }
        }
    }

    /// Parses and answers the next request in `input`; false when more bytes are needed.
    private func processOneRequest() -> Bool {
        switch parser.parse(input) {
        case .needMore:
            if phase == .idle {
                phase = .readingHead
                arm(context.limits.headTimeout)
            }
            return false
        case .failure(let error):
            respondToMalformed(error)
            return true
        case .head(let head, let consumed):
            input.removeFirst(consumed)
            parser.reset()
            if context.draining { closeAfterResponse = true }
            handle(head)
            return true
        }
    }

    private func handle(_ head: RequestHead) {
        let (state, router) = context.served()
        var handler = RequestHandler(state: state, date: context.date)
        handler.router = router
        handler.throttle = context.throttle
        handler.now = context.loop.now
        handler.fileCache = context.fileCache
        switch handler.handle(head, client: client) {
        case .respond(let plan):
            // A body nobody wants is read and dropped (small), or ends the connection (large).
            // A client waiting for `100 Continue` may never send it: answer, then close.
            if let framing = BodyFraming(head) {
                if head.expectsContinue {
                    closeAfterResponse = true
                } else if case .length(let n) = framing, n > Connection.maxDiscardedBody {
                    closeAfterResponse = true
                } else {
                    startBody(framing, into: nil)
                }
            }
            send(plan, for: head)
        case .verify(let user, let password, let file):
            phase = .verifying
            pendingHead = head
            cancelTimer()
            setInterest([])
            let loop = context.loop
            let me = UncheckedConnection(self)
            context.store.verifier.verifyInBackground(user: user, password: password, file: file) {
                loop.execute { me.connection.resumeAfterVerification() }
            }
        case .receiveBody(let target, let framing, let user):
            pendingHead = head
            sink = target
            sinkUser = user
            phase = .readingBody
            // RFC 9110 §10.1.1: 100 Continue only now that the Gate allowed the request, so a
            // refused upload never sends its body.
            if head.expectsContinue {
                let interim = Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)
                _ = try? interim.withUnsafeBytes { try socket.write($0) }
            }
            arm(context.limits.headTimeout)
            setInterest(.readable)
            startBody(framing, into: target)
        case .handOff(let taker):
            handOff(to: taker)
        }
    }

    /// The hash is done and cached: run the request again (the router now gets an answer).
    private func resumeAfterVerification() {
        guard phase == .verifying, let head = pendingHead else { return }
        pendingHead = nil
        phase = .readingHead
        handle(head)
        processInput()
    }

    // MARK: - Bodies

    /// Starts reading a body; what already sits in `input` is consumed at once.
    private func startBody(_ framing: BodyFraming, into target: RequestBodySink?) {
        body = BodyReader(framing, limits: limits)
        let buffered = input
        input.removeAll(keepingCapacity: true)
        let rest = buffered.withUnsafeBytes { feedBody($0) }
        if phase != .closed { input.append(contentsOf: rest) }
    }

    /// Feeds bytes to the current body; returns the bytes after the body's end (the next request).
    private func feedBody(_ bytes: UnsafeRawBufferPointer) -> [UInt8] {
        guard var reader = body else { return Array(bytes) }
        var refusal: ResponsePlan?
        let progress = reader.consume(bytes) { piece in
            guard refusal == nil, let sink else { return }
            receivedBytes += piece.count
            refusal = sink.write(piece)
        }
        body = reader
        if let refusal {
            abortBody()
            closeAfterResponse = true
            sendSinkResult(refusal)
            return []
        }
        switch progress {
        case .more:
            return []
        case .failed(let error):
            abortBody()
            switch phase {
            case .readingBody:
                respondToMalformed(error)
            case .writing:
                // A dropped body was malformed: the response is on its way; then close.
                closeAfterResponse = true
            case .idle, .readingHead, .verifying, .finishing, .closed:
                close()
            }
            return []
        case .done(let consumed):
            body = nil
            if let target = sink {
                sink = nil
                phase = .finishing
                cancelTimer()
                setInterest([])
                let loop = context.loop
                let me = UncheckedConnection(self)
                target.finish { plan in
                    loop.execute { me.connection.sendSinkResult(plan) }
                }
            }
            return Array(bytes[consumed...])
        }
    }

    private func abortBody() {
        body = nil
        sink?.abort()
        sink = nil
    }

    /// The sink's answer (after `finish`, or a refusal while writing).
    private func sendSinkResult(_ plan: ResponsePlan) {
        guard phase == .finishing || phase == .readingBody, let head = pendingHead else {
            if case .file(let fd, _, _) = plan.body { fd.closeIgnoringErrors() }
            return
        }
        pendingHead = nil
        var plan = plan
        if plan.user == nil { plan.user = sinkUser }
        plan.receivedBytes = receivedBytes
        sinkUser = nil
        receivedBytes = 0
        send(plan, for: head)
    }

    // MARK: - Responses

    private func respondToMalformed(_ error: HTTPParseError) {
        abortBody()
        let status = error.status
        let body = ErrorPage.body(status, detail: error.reason)
        var h = ResponseHead(status: status, version: .http11, date: context.date, server: "Gatehouse/\(GatehouseVersion.string)")
        h.contentType = ErrorPage.contentType
        h.contentLength = body.count
        h.connection = .close
        input.removeAll()
        let plan = ResponsePlan(head: h, body: .bytes(body), close: true, user: nil)
        log(plan, requestLine: pendingHead.map(requestLine) ?? "-")
        pendingHead = nil
        start(plan)
    }

    private func requestLine(_ head: RequestHead) -> String {
        String(decoding: requestLineBytes(head), as: UTF8.self)
    }

    /// Method, target and version as received, for the log.
    private func requestLineBytes(_ head: RequestHead) -> [UInt8] {
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

    private func send(_ plan: ResponsePlan, for head: RequestHead) {
        log(plan, requestLine: nil, head: head)
        start(plan)
    }

    private func log(_ plan: ResponsePlan, requestLine: String?, head: RequestHead? = nil) {
        var entry = AccessLogEntry(host: clientText, user: plan.user, time: context.loop.wallClockSeconds,
                                   requestLine: requestLine ?? "", status: plan.head.status.code, bytes: plan.bodyLength,
                                   received: plan.receivedBytes)
        if let head { entry.requestLineBytes = requestLineBytes(head) }
        let date = context.logDate
        context.logAccess { entry.append(into: &$0, date: date) }
        if let note = plan.errorNote { context.logs.error(note, client: clientText) }
    }

    private func start(_ plan: ResponsePlan) {
        closeAfterResponse = closeAfterResponse || plan.close
        output.removeAll(keepingCapacity: true)
        outputSent = 0
        plan.head.serialise(into: &output)
        switch plan.body {
        case .none: break
        case .bytes(let b): output.append(contentsOf: b)
        case .file(let fd, let offset, let length): file = (fd, offset, length)
        }
        phase = .writing
        arm(context.limits.sendTimeout)
        flush()
    }

    /// Sends what is pending; on completion, moves to the next request or closes.
    private func flush() {
        guard phase == .writing else { return }
        do {
            while outputSent < output.count {
                let result = try output.withUnsafeBytes { all in
                    try socket.write(UnsafeRawBufferPointer(rebasing: all[outputSent...]), more: file != nil)
                }
                guard progressed(result, { outputSent += $0 }) else { return }
            }
            while let f = file, f.remaining > 0 {
                let result = try socket.sendfile(from: f.fd, offset: f.offset, count: f.remaining)
                // 0 bytes: the file shrank under us; the response is broken, end the connection.
                if result == .bytes(0) {
                    close()
                    return
                }
                guard progressed(result, { file = (f.fd, f.offset + Int64($0), f.remaining - $0) }) else { return }
            }
        } catch {
            close()
            return
        }
        finishResponse()
    }

    /// Applies one send's result: bytes advance (and rearm the send timeout); otherwise waits for
    /// writability or closes. False when flushing must stop for now.
    private func progressed(_ result: Transfer, _ advance: (Int) -> Void) -> Bool {
        switch result {
        case .bytes(let n):
            advance(n)
            arm(context.limits.sendTimeout)
            return true
        case .wouldBlock:
            setInterest(.writable)
            return false
        case .peerClosed:
            close()
            return false
        }
    }

    private func finishResponse() {
        if let f = file {
            f.fd.closeIgnoringErrors()
            file = nil
        }
        if closeAfterResponse {
            close()
            return
        }
        phase = .idle
        if output.capacity > 64 * 1024 { output = [] }
        setInterest(.readable)
        arm(body == nil ? context.limits.idleTimeout : context.limits.headTimeout)
        processInput()
    }

    // MARK: - Plumbing

    private func setInterest(_ interest: Interest) {
        guard interest != watching, phase != .closed else { return }
        watching = interest
        do {
            try context.loop.setInterest(interest, for: socket.descriptor)
        } catch {
            close()
        }
    }

    private func arm(_ milliseconds: Int64) {
        if let timer, context.loop.reschedule(timer, after: milliseconds) { return }
        timer = context.loop.schedule(after: milliseconds) { [unowned self] in self.timedOut() }
    }

    private func cancelTimer() {
        if let timer { context.loop.cancel(timer) }
        timer = nil
    }

    private func timedOut() {
        timer = nil
        // Head or body not received in time, idle keep-alive over, or no send progress: just
        // close, as nginx does (a client this slow would not read a 408 either).
        close()
    }

    /// Drains: an idle connection closes now; one mid-request closes after its response.
    func drain() {
        if phase == .idle && input.isEmpty {
            close()
        } else {
            closeAfterResponse = true
        }
    }

    /// Gives the socket to a takeover (proxy): unregisters without closing; the taker now owns
    /// the socket and the open-connection count.
    private func handOff(to taker: ConnectionTakeover) {
        guard phase != .closed else { return }
        phase = .closed
        cancelTimer()
        context.connections[socket.descriptor.rawValue] = nil
        do {
            try context.loop.unregister(socket.descriptor)
        } catch {
            context.loop.unregisterAndClose(socket.descriptor)
            context.openConnections.decrement()
            context.connectionClosed()
            return
        }
        let leftover = input
        input = []
        context.takeoverStarted()
        taker.take(socket: socket, client: client, leftover: leftover, context: context)
    }

    /// Closes the socket and forgets the connection.
    func close() {
        guard phase != .closed else { return }
        phase = .closed
        cancelTimer()
        abortBody()
        if let f = file {
            f.fd.closeIgnoringErrors()
            file = nil
        }
        context.connections[socket.descriptor.rawValue] = nil
        context.loop.unregisterAndClose(socket.descriptor)
        context.openConnections.decrement()
        context.connectionClosed()
    }
}

/// Carries a connection into a completion that hops back to the connection's own loop before
/// touching it (`EventLoop.execute`), so the connection is only ever used on its loop.
struct UncheckedConnection: @unchecked Sendable {
    let connection: Connection
    init(_ connection: Connection) { self.connection = connection }
}
