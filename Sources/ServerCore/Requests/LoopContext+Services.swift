import HTTPWire
import Protection
import RequestPolicy
import Transport

/// The loop's answers to requests: the decision, then the responder its action names.
extension LoopContext: ConnectionServices {
    var limits: ConnectionLimits { currentLimits }

    var now: Int64 { loop.now }

    var requestClock: Int64 {
        currentLogFormat == .json ? SystemClock.monotonicMicroseconds() : loop.now * 1000
    }

    var parserLimits: HTTPLimits { currentParserLimits }

    func reply(to head: RequestHead, from peer: ConnectionPeer) -> ServiceReply {
        let generation = currentGeneration
        let watcher = treeWatcher
        let remembered = watcher?.isWorking == true && hotAnswers.prepareKey(head, listener: peer.listener, client: peer.address)
        if remembered, let watcher,
           let answer = hotAnswers.answer(configuration: generation, changes: watcher.changes, second: loop.wallClockSeconds, date: date) {
            var client: ClientAddress?
            if hasTrustedProxies {
                let resolved = served().1.client(of: head, peer: peer.address)
                if resolved != peer.address { client = resolved }
            }
            return .remembered(answer, client: client)
        }
        let (state, decider) = served()
        let answer = decider.decide(head, peer: peer.address, listener: peer.listener, throttle: loginThrottle(state), tracing: false)
        let reply = act(on: answer, head: head, peer: peer, state: state)
        // A protected answer is remembered only under the verified credentials that got it.
        if remembered, let watcher, case .respond(let plan) = reply, case .serveFile(let path, _) = answer.action,
           !answer.protected || answer.user != nil, answer.client == peer.address, let root = state.passRoot(containing: path),
           watcher.watchAncestors(of: path, upTo: root) {
            hotAnswers.store(plan, configuration: state.generation, changes: watcher.changes, second: loop.wallClockSeconds)
        }
        return reply
    }

    func reply(resuming pending: PendingAnswer, head: RequestHead, from peer: ConnectionPeer) -> ServiceReply {
        let (state, decider) = served()
        let check = verifier.verify(user: pending.user, password: pending.password, in: pending.file)
        // A reload while the password was hashed: decide again under the new configuration
        // (the verifier now knows the answer, so it does not wait again).
        guard let answer = decider.resume(pending, check: check, throttle: loginThrottle(state)) else {
            return reply(to: head, from: peer)
        }
        return act(on: answer, head: head, peer: peer, state: state)
    }

    func malformed(_ error: HTTPParseError, from peer: ConnectionPeer) -> ResponsePlan {
        let (state, _) = served()
        return builder(for: nil, common: [], peer: peer, state: state).page(error.status, detail: error.reason, close: true, user: nil)
    }

    func overloaded(from peer: ConnectionPeer) -> ResponsePlan {
        logs.error("503 Service Unavailable: this worker holds \(LoopContext.maxHeldInputBytes) bytes of unanswered requests", client: peer.text)
        let (state, _) = served()
        return builder(for: nil, common: [], peer: peer, state: state)
            .page(.serviceUnavailable, detail: "The server is too busy. Try again shortly.", fields: [HTTPField(name: "Retry-After", value: "1")],
                  close: true, user: nil)
    }

    func holdInput(_ delta: Int) -> Bool {
        heldInputBytes += delta
        return heldInputBytes <= LoopContext.maxHeldInputBytes
    }

    func log(_ record: AccessRecord) {
        accessLog(record)
    }

    /// The builder for responses to `head` (the proxy's pages use it too).
    func responseBuilder(for head: RequestHead) -> ResponseBuilder {
        ResponseBuilder(for: head, date: date, errorPages: served().0.errorPages)
    }

    private func builder(for head: RequestHead?, common: [HTTPField], peer: ConnectionPeer, state: ServedState) -> ResponseBuilder {
        var fields = common
        if peer.listener == .tls, let hsts = state.strictTransportSecurity { fields.append(hsts) }
        return ResponseBuilder(for: head, date: date, common: fields, errorPages: state.errorPages)
    }

    private func loginThrottle(_ state: ServedState) -> ServerLoginThrottle {
        ServerLoginThrottle(throttle: throttle, verifier: verifier, now: loop.now, tuning: state.snapshot.ruleFile.tuning)
    }

    /// Carries out the decision's action.
    private func act(on answer: RequestAnswer, head: RequestHead, peer: ConnectionPeer, state: ServedState) -> ServiceReply {
        let builder = builder(for: head, common: answer.commonFields, peer: peer, state: state)
        var plan: ResponsePlan
        switch answer.action {
        case .serveFile(let path, let status):
            var responder = StaticFileResponder(builder: builder, state: state, fileCache: fileCache, compressed: compressedBodies)
            let decider = served().1
            responder.allowsSibling = { suffix in decider.allowsSibling(of: answer, suffix: suffix, head: head) }
            plan = responder.respond(file: path, known: status, head: head, user: answer.user)
        case .listDirectory(let path, let urlPath):
            if let page = DirectoryListing.page(directory: path, urlPath: urlPath) {
                plan = builder.body(.ok, contentType: ErrorPage.contentType, bytes: page,
                                    fields: [HTTPField(name: "Cache-Control", value: "no-cache")], user: answer.user)
            } else {
                plan = builder.page(.notFound, detail: "The requested document does not exist.", user: answer.user)
            }
        case .upload(let path, _, let directory):
            return PublishingResponder(builder: builder, maxBodyBytes: state.settings.maxBodyBytes)
                .put(path, checkedDirectory: directory, head: head, user: answer.user)
        case .delete(let path, let directory):
            plan = PublishingResponder(builder: builder, maxBodyBytes: state.settings.maxBodyBytes)
                .delete(path, checkedDirectory: directory, head: head, user: answer.user)
        case .forward(let forward), .tunnel(let forward):
            let tunnel: Bool
            if case .tunnel = answer.action { tunnel = true } else { tunnel = false }
            let request = ProxyRequest(head: head, target: forward.target, url: forward.url, user: answer.user, policy: forward.policy,
                                       limits: state.parserLimits)
            return .handOff(ProxyJob(kind: tunnel ? .tunnel : .forward, request: request))
        case .verify(let pending):
            return .verify(pending)
        case .page(let status, let detail):
            plan = builder.page(status, detail: detail, fields: answer.fields, close: answer.close, user: answer.user)
        }
        plan.errorNote = answer.errorNote
        plan.decidingStep = answer.decidingStep
        if answer.client != peer.address { plan.client = answer.client }
        return .respond(plan)
    }

    /// Writes one access-log line (and the error-log note a response carries).
    func accessLog(_ record: AccessRecord) {
        let client = record.client
        let format = currentLogFormat
        logClock.update(loop.wallClockSeconds, mode: currentLogTime)
        let duration = format == .json ? requestClock - record.started : 0
        logAccess { out, clock in
            AccessLogLine.append(record, format: format, clock: clock, client: client, durationMicroseconds: duration, into: &out)
        }
        if let note = record.response.errorNote { logs.error(note, client: client) }
    }

    /// A proxy request's log line.
    func logAccess(_ record: AccessRecord) {
        accessLog(record)
    }
}
