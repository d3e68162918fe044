import HTTPWire
import Protection
import RequestPolicy
import Transport

/// One HTTP/1.x client connection as a state machine without I/O: bytes and completions come in
/// as events, and each event returns the next `ConnectionAction` for the driver to carry out
/// (read, write what `pendingSend` says, hash a password, finish an upload, hand the socket to
/// the proxy, close). It parses request heads (pipelined ones in order), asks its
/// `ConnectionServices` for each answer, reads or drops request bodies, frames responses, keeps
/// connections alive or closes them, and chooses the timeout in force. Tests drive it byte by
/// byte without a socket.
struct ConnectionMachine<Services: ConnectionServices> {
    /// Where the connection is.
    enum State {
        /// Waiting for the first byte of a request (keep-alive idle, or a new connection).
        case idle
        /// Part of a head has arrived.
        case readingHead
        /// A password is being hashed off the loop for this request.
        case verifying(PendingAnswer, Boxed<RequestHead>)
        /// An allowed body is being read into the sink.
        case readingBody
        /// The sink is committing the upload off the loop.
        case finishingUpload
        /// A response (or `100 Continue`) is being sent.
        case writing
        /// Gone: closed, or handed over to the proxy.
        case closed
    }

    let services: Services
    let peer: ConnectionPeer
    private(set) var state = State.idle
    /// Bytes received and not yet parsed or consumed, from `inputStart` on.
    var input: [UInt8] = []
    var inputStart = 0
    var parser: RequestParser
    /// The response being sent: head and in-memory body, then an optional file range.
    var output = OutgoingResponse()
    /// The request whose response is being sent or prepared (for the log).
    var current: RequestInFlight?
    /// Close once the response in flight is sent.
    var closeAfterResponse = false
    /// After the response (or `100 Continue`) in flight, read the request's body into `sink`.
    var bodyAfterSend = false
    /// The body being read: into `sink`, or dropped when `sink` is nil.
    var body: Boxed<MessageBodyFramer>?
    var sink: RequestBodySink?
    /// Responses sent on this connection.
    var answered = 0
    /// Input bytes accounted for with `ConnectionServices.holdInput`.
    var heldInput = 0
    /// When the body being read began (loop milliseconds), and how many of its bytes arrived.
    var bodyStarted: Int64 = 0
    var bodyBytes = 0
    /// An answer found while reading a body (the sink refused, the body was malformed), sent
    /// once the body handling returns.
    var pendingAnswer: ResponsePlan? {
        get { pendingAnswerBox?.value }
        set { pendingAnswerBox = newValue.map(Boxed.init) }
    }
    private var pendingAnswerBox: Boxed<ResponsePlan>?

    /// A machine for a new connection from `peer`; `leftover` holds bytes already read (a
    /// connection given back by the proxy).
    init(services: Services, peer: ConnectionPeer, leftover: [UInt8] = []) {
        self.services = services
        self.peer = peer
        self.parser = RequestParser(limits: services.parserLimits)
        self.input = leftover
    }

    /// The first action: process bytes already there, else wait for a head.
    mutating func start() -> ConnectionAction {
        if hasInput { return processInput() }
        return .read(.arm(services.limits.headTimeout))
    }

    // MARK: - Events

    /// Bytes arrived from the client.
    mutating func received(_ bytes: UnsafeRawBufferPointer) -> ConnectionAction {
        switch state {
        case .readingBody:
            let rest = feedBody(bytes)
            if case .closed = state { return .close }
            if let action = afterBody(rest: rest) { return action }
            return .read(.arm(bodyTimeout(afterReading: bytes.count)))
        case .idle, .readingHead:
            if !hasInput { return processFresh(bytes) }
            guard appendInput(bytes) else { return refuseForMemory() }
            return processInput()
        case .verifying, .finishingUpload, .writing, .closed:
            // Not reading in these states; keep the bytes for later.
            appendInput(bytes)
            return .read(.keep)
        }
    }

    /// The loop holds as much unanswered input as it may: 503 and close (nginx's answer when
    /// it runs out of what it keeps per request is a 5xx too).
    mutating func refuseForMemory() -> ConnectionAction {
        input = []
        inputStart = 0
        accountInput()
        closeAfterResponse = true
        current = RequestInFlight(head: nil, started: services.requestClock, peer: peer.text)
        return send(services.overloaded(from: peer))
    }

    /// The peer closed its side, or the connection failed.
    mutating func peerClosed() -> ConnectionAction {
        close()
    }

    /// The timer fired: a head or body not received in time, idle keep-alive over, or no send
    /// progress. Just close, as nginx does (a client this slow would not read a 408 either).
    mutating func timedOut() -> ConnectionAction {
        close()
    }

    /// What a timeout now would cut short, for the error log (nil: an idle keep-alive connection
    /// expiring, which is normal).
    var timeoutReason: String? {
        switch state {
        case .idle: return hasInput ? "the request head did not arrive within HeadTimeout" : nil
        case .readingHead: return "the request head did not arrive within HeadTimeout"
        case .readingBody: return "the request body stalled (BodyTimeout)"
        case .writing: return "the client stopped reading the response (SendTimeout)"
        case .verifying, .finishingUpload, .closed: return nil
        }
    }

    /// The server is shutting down: an idle connection closes now; one mid-request after its
    /// response.
    mutating func drain() -> ConnectionAction? {
        if case .idle = state, !hasInput { return close() }
        closeAfterResponse = true
        return nil
    }

    /// The password of the request waiting in `.verifying` has been hashed.
    mutating func verified() -> ConnectionAction {
        guard case .verifying(let pending, let boxedHead) = state else { return .read(.keep) }
        let head = boxedHead.value
        state = .readingHead
        return dispatch(services.reply(resuming: pending, head: head, from: peer), head: head)
    }

    /// The sink committed the upload (or refused it): send its answer.
    mutating func uploadFinished(_ plan: ResponsePlan) -> ConnectionAction {
        guard case .finishingUpload = state else {
            plan.body.release()
            return .read(.keep)
        }
        return send(plan)
    }

    /// Closes: drops any body in progress and releases the response's file.
    mutating func close() -> ConnectionAction {
        if case .closed = state { return .close }
        if let current, output.isStarted { services.log(current.record(output.summary, sent: output.bodyBytesSent)) }
        state = .closed
        abortBody()
        output.release()
        input = []
        inputStart = 0
        accountInput()
        return .close
    }

    /// Whether the connection waits, idle, for its next keep-alive request (it may be closed to
    /// make room; one that has not sent a first request yet is not idle in this sense).
    var isIdle: Bool {
        if case .idle = state { return answered > 0 && !hasInput && body == nil }
        return false
    }

    // MARK: - Input buffer

    var hasInput: Bool { inputStart < input.count }

    /// Keeps `bytes` for parsing; false when the loop holds too much unanswered input already.
    @discardableResult
    mutating func appendInput(_ bytes: UnsafeRawBufferPointer) -> Bool {
        if inputStart == input.count {
            input.removeAll(keepingCapacity: input.capacity <= 64 * 1024)
            inputStart = 0
        }
        input.append(contentsOf: bytes)
        return accountInput()
    }

    mutating func consumeInput(_ count: Int) {
        inputStart += count
        if inputStart == input.count {
            input.removeAll(keepingCapacity: input.capacity <= 64 * 1024)
            inputStart = 0
        }
        accountInput()
    }

    /// The bytes not yet consumed, for a hand-off.
    mutating func takeInput() -> [UInt8] {
        defer {
            input = []
            inputStart = 0
            accountInput()
        }
        return inputStart == 0 ? input : Array(input[inputStart...])
    }

    /// Tells the services how much input this connection holds now.
    @discardableResult
    private mutating func accountInput() -> Bool {
        let now = input.count - inputStart
        let delta = now - heldInput
        guard delta != 0 else { return true }
        heldInput = now
        return services.holdInput(delta) || delta < 0
    }

    mutating func setState(_ new: State) { state = new }
}
