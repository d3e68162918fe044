import HTTPWire
import Protection
import RequestPolicy

extension ConnectionMachine {
    /// Bodies up to this size on requests that do not want one (GET with a body) are read and
    /// dropped; larger ones make the connection close after the response.
    static var maxDiscardedBody: Int { 64 * 1024 }

    /// Parses the next request in the buffer and answers it; asks for more bytes when the head
    /// is incomplete. Pipelined requests are answered one at a time: the next is parsed when the
    /// response before it has been sent (`sent`).
    mutating func processInput() -> ConnectionAction {
        guard hasInput else {
            if case .idle = state { return .read(.arm(services.limits.idleTimeout)) }
            return .read(.keep)
        }
        let outcome = input.withUnsafeBytes { parser.parse(UnsafeRawBufferPointer(rebasing: $0[inputStart...])) }
        return parsed(outcome, fresh: nil)
    }

    /// Parses bytes just read when nothing else is buffered, straight from the read buffer:
    /// only what follows the head (a body, the next request) or an incomplete head is copied.
    mutating func processFresh(_ bytes: UnsafeRawBufferPointer) -> ConnectionAction {
        parsed(parser.parse(bytes), fresh: bytes)
    }

    /// Acts on one parse of the buffered input (`fresh` nil) or of fresh bytes.
    private mutating func parsed(_ outcome: ParseOutcome, fresh: UnsafeRawBufferPointer?) -> ConnectionAction {
        switch outcome {
        case .needMore:
            // The parser has scanned these bytes; they stay the start of the request's buffer.
            if let fresh, !appendInput(fresh) { return refuseForMemory() }
            if case .idle = state {
                setState(.readingHead)
                return .read(.arm(services.limits.headTimeout))
            }
            return .read(.keep)
        case .failure(let error):
            abortBody()
            if fresh == nil { consumeInput(input.count - inputStart) }
            closeAfterResponse = true
            current = RequestInFlight(head: nil, started: services.requestClock, peer: peer.text)
            return send(services.malformed(error, from: peer))
        case .head(let head, let consumed):
            if let fresh {
                if consumed < fresh.count { appendInput(UnsafeRawBufferPointer(rebasing: fresh[consumed...])) }
            } else {
                consumeInput(consumed)
            }
            parser.reset()
            if services.draining { closeAfterResponse = true }
            current = RequestInFlight(head: head, started: services.requestClock, peer: peer.text)
            return dispatch(services.reply(to: head, from: peer), head: head)
        }
    }

    /// Acts on the services' reply to `head`.
    mutating func dispatch(_ reply: ServiceReply, head: RequestHead) -> ConnectionAction {
        switch reply {
        case .respond(let plan):
            // A body nobody wants is read and dropped (small), or ends the connection (large).
            // A client waiting for `100 Continue` may never send it: answer, then close.
            if let framing = BodyFraming(head) {
                if head.expectsContinue {
                    closeAfterResponse = true
                } else if case .length(let n) = framing, n > Self.maxDiscardedBody {
                    closeAfterResponse = true
                } else {
                    body = Boxed(MessageBodyFramer(framing, limits: services.parserLimits))
                }
            }
            return send(plan)
        case .remembered(let answer, let client):
            if answer.close || !head.keepAlive { closeAfterResponse = true }
            output.start(answer)
            if let client { output.setClient(client) }
            setState(.writing)
            return .write
        case .verify(let pending):
            setState(.verifying(pending, Boxed(head)))
            return .verify(pending)
        case .receiveBody(let target, let framing, let user):
            current?.user = user
            sink = target
            body = Boxed(MessageBodyFramer(framing, limits: services.parserLimits))
            // RFC 9110 §10.1.1: 100 Continue only now that the Gate allowed the request, so a
            // refused upload never sends its body.
            if head.expectsContinue {
                bodyAfterSend = true
                output.startInterim(OutgoingResponse.continueBytes)
                setState(.writing)
                return .write
            }
            return startReadingBody()
        case .handOff(let job):
            setState(.closed)
            current = nil
            return .handOff(job, leftover: takeInput())
        }
    }

    /// Queues `plan` for sending.
    mutating func send(_ plan: ResponsePlan) -> ConnectionAction {
        if plan.close { closeAfterResponse = true }
        output.start(plan)
        setState(.writing)
        return .write
    }

    /// The response (or `100 Continue`) in flight has been sent: log it, then read the body that
    /// follows, the next pipelined request, or wait for one — or close.
    mutating func sent() -> ConnectionAction {
        guard case .writing = state else { return .read(.keep) }
        if output.isInterim {
            output.reset()
            bodyAfterSend = false
            return startReadingBody()
        }
        if let current { services.log(current.record(output.summary, sent: output.bodyBytesSent)) }
        current = nil
        answered += 1
        output.reset()
        if closeAfterResponse { return close() }
        setState(.idle)
        if body != nil {
            // The rest of a dropped body comes before the next request.
            return startReadingBody()
        }
        return processInput()
    }
}

/// The request whose response is being prepared or sent, for its access-log line.
struct RequestInFlight {
    /// The head (nil for a request that could not be parsed).
    let head: RequestHead?
    /// When its head was complete (`ConnectionServices.requestClock`, µs).
    let started: Int64
    /// The user an upload's sink answers for.
    var user: String?
    /// Upload bytes received.
    var received: Int?
    /// The connection's peer, as text.
    let peer: String

    init(head: RequestHead?, started: Int64, peer: String) {
        self.head = head
        self.started = started
        self.peer = peer
    }

    /// The log record of its response.
    func record(_ response: ResponseSummary, sent: Int) -> AccessRecord {
        AccessRecord(head: head, response: response, user: response.user ?? user, bodyBytes: sent, received: response.receivedBytes ?? received,
                     started: started, client: response.client?.description ?? peer)
    }
}
