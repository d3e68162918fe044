import Protection
import RequestPolicy
import Transport

/// The thin I/O side of one client connection: carries out what its `ConnectionMachine` asks —
/// reads and writes on the stream (plain or TLS), epoll interest, the one timer, hashing and
/// upload commits off the loop, the hand-off to the proxy — and feeds the results back as
/// events. Generic over the stream so the plain path pays no dynamic dispatch.
final class ConnectionDriver<Stream: ConnectionStream>: EventHandler, LoopConnection {
    /// What the driver waits for readiness to do.
    private enum Waiting {
        /// Nothing (background work in flight).
        case nothing
        /// Read (the stream may need writability to do it).
        case read
        /// Write (the stream may need readability to do it).
        case write
    }

    private let context: LoopContext
    private let stream: Stream
    private var machine: ConnectionMachine<LoopContext>
    private var timer: TimerID?
    /// When the connection times out (the machine's latest timeout), and when the timer is set
    /// to fire: a later deadline leaves the timer alone (it fires early and is set again), so a
    /// keep-alive request costs no timer-heap work.
    private var deadline = Int64.max
    private var timerFiresAt = Int64.max
    private var watching: Interest = []
    private var waiting = Waiting.nothing
    private var closed = false
    /// When the connection began to wait, idle, for a keep-alive request, as the loop's idle
    /// stamp (`LoopContext.nextIdleStamp`: smaller is earlier, no two alike).
    private(set) var idleStamp: UInt64?

    /// A connection from `peer` over `stream`; `leftover` holds bytes already read.
    init(context: LoopContext, stream: Stream, peer: ConnectionPeer, leftover: [UInt8] = []) {
        self.context = context
        self.stream = stream
        self.machine = ConnectionMachine(services: context, peer: peer, leftover: leftover)
    }

    /// Registers on the loop and starts.
    func start() throws(Errno) {
        try context.loop.register(stream.descriptor, interest: [], handler: self)
        context.connections[stream.descriptor.rawValue] = self
        run(machine.start())
    }

    // MARK: - Events

    func readable() {
        switch waiting {
        case .read: readOnce()
        case .write: flush()
        case .nothing: break
        }
    }

    func writable() {
        switch waiting {
        case .write: flush()
        case .read: readOnce()
        case .nothing: break
        }
    }

    func hangup() {
        run(machine.peerClosed())
    }

    /// Closes now when idle, else after the response in flight.
    func drain() {
        if let action = machine.drain() { run(action) }
    }

    /// Closes now.
    func forceClose() {
        run(machine.close())
    }

    // MARK: - Actions

    /// Carries out `action` and those that follow from it at once.
    private func run(_ action: ConnectionAction) {
        var next: ConnectionAction? = action
        while let action = next, !closed {
            next = nil
            switch action {
            case .read(let change):
                apply(change)
                waiting = .read
                if machine.isIdle {
                    if idleStamp == nil { idleStamp = context.nextIdleStamp() }
                } else {
                    idleStamp = nil
                }
                setInterest(.readable)
                // Decrypted bytes the stream already holds are never reported by epoll.
                if stream.hasBufferedInput { next = readAction() }
            case .write:
                waiting = .write
                next = flushAction()
            case .verify(let pending):
                pause()
                let loop = context.loop
                let me = UncheckedDriver(self)
                context.verifier.verifyInBackground(pending, throttle: context.throttle) {
                    loop.execute { me.driver.resumed { $0.verified() } }
                }
            case .finishUpload(let sink):
                pause()
                let loop = context.loop
                let me = UncheckedDriver(self)
                sink.finish { plan in
                    loop.execute { me.driver.resumed { $0.uploadFinished(plan) } }
                }
            case .handOff(let job, let leftover):
                handOff(job, leftover: leftover)
            case .close:
                closeNow()
            }
        }
    }

    /// Feeds a completion back into the machine (on the loop thread).
    private func resumed(_ event: (inout ConnectionMachine<LoopContext>) -> ConnectionAction) {
        guard !closed else { return }
        run(event(&machine))
    }

    private func readOnce() {
        if let action = readAction() { run(action) }
    }

    /// One read; the machine's answer, or nil when the stream must wait.
    private func readAction() -> ConnectionAction? {
        let buffer = context.loop.readBuffer
        switch stream.read(into: buffer) {
        case .bytes(let n):
            idleStamp = nil
            return machine.received(UnsafeRawBufferPointer(rebasing: buffer[..<n]))
        case .wouldBlock(let interest):
            setInterest(interest)
            return nil
        case .closed:
            return machine.peerClosed()
        }
    }

    private func flush() {
        if let action = flushAction() { run(action) }
    }

    /// Sends what the machine has pending; its next action once all is sent, nil when the
    /// stream must wait.
    private func flushAction() -> ConnectionAction? {
        while true {
            let result: StreamResult
            switch machine.output.next() {
            case .nothing:
                return machine.sent()
            case .bytes:
                let more = machine.output.fileFollows
                result = machine.output.withUnsentBytes { stream.write($0, more: more) }
                if case .bytes(let n) = result { machine.output.wrote(n) }
            case .file(let fd, let offset, let count):
                result = stream.sendFile(fd, offset: offset, count: count)
                // 0 bytes: the file shrank under us; the response is broken, end the connection.
                if result == .bytes(0) { return machine.close() }
                if case .bytes(let n) = result { machine.output.wroteFile(n) }
            }
            switch result {
            case .bytes:
                apply(.arm(context.limits.sendTimeout))
            case .wouldBlock(let interest):
                setInterest(interest)
                return nil
            case .closed:
                return machine.peerClosed()
            }
        }
    }

    /// No reading or writing while work runs off the loop (and no timer: hashing and commits
    /// end by themselves).
    private func pause() {
        waiting = .nothing
        cancelTimer()
        setInterest([])
    }

    // MARK: - Plumbing

    private func setInterest(_ interest: Interest) {
        guard interest != watching, !closed else { return }
        watching = interest
        do {
            try context.loop.setInterest(interest, for: stream.descriptor)
        } catch {
            run(machine.close())
        }
    }

    private func apply(_ change: TimerChange) {
        guard case .arm(let milliseconds) = change else { return }
        deadline = context.loop.now + milliseconds
        if timer != nil && deadline >= timerFiresAt { return }
        setTimer(milliseconds)
    }

    private func setTimer(_ milliseconds: Int64) {
        timerFiresAt = context.loop.now + milliseconds
        if let timer, context.loop.reschedule(timer, after: milliseconds) { return }
        timer = context.loop.schedule(after: milliseconds) { [unowned self] in
            self.timer = nil
            self.timerFired()
        }
    }

    private func timerFired() {
        let remaining = deadline - context.loop.now
        guard remaining <= 0 else { return setTimer(remaining) }
        if let reason = machine.timeoutReason { context.logs.error("closed: \(reason)", client: machine.peer.text) }
        run(machine.timedOut())
    }

    private func cancelTimer() {
        if let timer { context.loop.cancel(timer) }
        timer = nil
        deadline = .max
        timerFiresAt = .max
    }

    /// Gives the stream to the proxy: unregisters without closing; the proxy now owns the
    /// stream and the open-connection count, and gives a kept-alive client back.
    private func handOff(_ job: ProxyJob, leftover: [UInt8]) {
        guard !closed else { return }
        closed = true
        cancelTimer()
        context.connections[stream.descriptor.rawValue] = nil
        do {
            try context.loop.unregister(stream.descriptor)
        } catch {
            stream.release()
            context.loop.unregisterAndClose(stream.descriptor)
            context.connectionClosed()
            return
        }
        context.takeoverStarted()
        let context = self.context
        let stream = self.stream
        let peer = machine.peer
        job.start(stream: stream, client: peer.address, leftover: leftover, context: context) { leftover in
            let next = ConnectionDriver(context: context, stream: stream, peer: peer, leftover: leftover)
            do {
                try next.start()
            } catch {
                stream.release()
                stream.descriptor.closeIgnoringErrors()
            }
        }
    }

    private func closeNow() {
        guard !closed else { return }
        closed = true
        cancelTimer()
        if stream.isTLS { stream.shutdownWrite() }
        stream.release()
        context.connections[stream.descriptor.rawValue] = nil
        context.loop.unregisterAndClose(stream.descriptor)
        context.connectionClosed()
    }
}

/// Carries a driver into a completion that hops back to the driver's own loop before touching
/// it (`EventLoop.execute`), so the driver is only ever used on its loop.
struct UncheckedDriver<Stream: ConnectionStream>: @unchecked Sendable {
    let driver: ConnectionDriver<Stream>
    init(_ driver: ConnectionDriver<Stream>) { self.driver = driver }
}
