import Testing
@testable import Transport

@Suite struct EventLoopTests {
    @Test func timers_fireInDeadlineOrderAndCancelledOnesDoNot() throws {
        let loop = try EventLoop()
        defer { loop.close() }
        var fired: [String] = []
        loop.schedule(after: 30) { fired.append("30") }
        loop.schedule(after: 10) { fired.append("10a") }
        let cancelled = loop.schedule(after: 15) { fired.append("15-cancelled") }
        loop.schedule(after: 20) { fired.append("20") }
        loop.schedule(after: 10) { fired.append("10b") }
        loop.schedule(after: 0) { fired.append("0") }
        #expect(loop.cancel(cancelled))
        #expect(!loop.cancel(cancelled))
        loop.schedule(after: 40) {
            fired.append("40")
            loop.stop()
        }
        let guardTimer = loop.schedule(after: Int64(testTimeoutMilliseconds)) { loop.stop() }
        let started = SystemClock.monotonicMilliseconds()
        try loop.run()
        let elapsed = SystemClock.monotonicMilliseconds() - started
        #expect(fired == ["0", "10a", "10b", "20", "30", "40"])
        #expect(elapsed >= 40)
        #expect(loop.cancel(guardTimer), "the guard timer was still pending")
        #expect(loop.pendingTimerCount == 0)
    }

    @Test func reschedule_movesATimerAndKeepsItsAction() throws {
        let loop = try EventLoop()
        defer { loop.close() }
        var fired: [String] = []
        let moved = loop.schedule(after: 10) { fired.append("moved") }
        loop.schedule(after: 30) { fired.append("30") }
        #expect(loop.reschedule(moved, after: 50))
        loop.schedule(after: 60) { loop.stop() }
        loop.schedule(after: Int64(testTimeoutMilliseconds)) { loop.stop() }
        try loop.run()
        #expect(fired == ["30", "moved"])
        #expect(!loop.reschedule(moved, after: 1), "a fired timer cannot be rescheduled")
    }

    @Test func timers_scheduledFromATimerWithZeroDelayRunNextIteration() throws {
        let loop = try EventLoop()
        defer { loop.close() }
        var count = 0
        func again() {
            count += 1
            if count == 1_000 { loop.stop() } else { loop.schedule(after: 0) { again() } }
        }
        loop.schedule(after: 0) { again() }
        loop.schedule(after: Int64(testTimeoutMilliseconds)) { loop.stop() }
        try loop.run()
        #expect(count == 1_000)
    }

    @Test func now_isMonotonicAndAdvances() throws {
        let loop = try EventLoop()
        defer { loop.close() }
        let before = loop.now
        var seen: Int64 = 0
        loop.schedule(after: 20) {
            seen = loop.now
            loop.stop()
        }
        try loop.run()
        #expect(seen - before >= 20)
        #expect(loop.wallClockSeconds > 1_600_000_000)
    }

    @Test func execute_fromAnotherThreadRunsOnTheLoopInOrder() throws {
        let runner = try LoopThread(name: "exec-loop")
        defer { runner.shutdown() }
        let recorder = Recorder<Int>()
        let onLoop = Recorder<Bool>()
        let done = Latch()
        let loop = runner.loop
        #expect(!loop.isInLoopThread)
        for index in 0..<100 {
            loop.execute {
                onLoop.append(loop.isInLoopThread)
                recorder.append(index)
                if index == 99 { done.signal() }
            }
        }
        #expect(done.wait())
        #expect(recorder.values == Array(0..<100))
        #expect(onLoop.values.allSatisfy { $0 })
    }

    @Test func stop_fromAnotherThreadEndsRun() throws {
        let loop = try EventLoop()
        let started = Latch()
        let finished = Latch()
        let thread = try WorkerThread(name: "stop-loop") {
            loop.execute { started.signal() }
            try? loop.run()
            finished.signal()
        }
        #expect(started.wait())
        loop.stop()
        #expect(finished.wait())
        thread.join()
        loop.close()
    }

    @Test func stop_beforeRunMakesRunReturnAtOnce() throws {
        let loop = try EventLoop()
        defer { loop.close() }
        loop.stop()
        loop.schedule(after: Int64(testTimeoutMilliseconds)) { Issue.record("run did not return") }
        try loop.run()
        #expect(loop.pendingTimerCount == 1)
    }

    @Test func register_rejectsDuplicatesAndUnknownDescriptors() throws {
        let loop = try EventLoop()
        defer { loop.close() }
        let listener = try Listener(address: .loopbackIPv4(port: 0))
        let handler = CountingHandler()
        try loop.register(listener.descriptor, interest: .readable, handler: handler)
        #expect(throws: Errno.fileExists) { try loop.register(listener.descriptor, interest: .readable, handler: handler) }
        #expect(loop.interest(for: listener.descriptor) == .readable)
        try loop.unregister(listener.descriptor)
        #expect(loop.interest(for: listener.descriptor) == nil)
        #expect(throws: Errno.noSuchFile) { try loop.unregister(listener.descriptor) }
        #expect(throws: Errno.noSuchFile) { try loop.setInterest(.writable, for: listener.descriptor) }
        try listener.close()
    }

    @Test func readiness_isLevelTriggeredAndFollowsInterest() throws {
        let loop = try EventLoop()
        defer { loop.close() }
        let listener = try Listener(address: .loopbackIPv4(port: 0))
        let client = try connectClient(to: listener.boundAddress)
        defer { try? client.close() }
        let handler = CountingHandler()
        handler.onReadable = {
            // Never accept: level-triggered, so the pending connection is reported again.
            if handler.readableCount == 3 { loop.stop() }
        }
        try loop.register(listener.descriptor, interest: .readable, handler: handler)
        loop.schedule(after: Int64(testTimeoutMilliseconds)) { loop.stop() }
        try loop.run()
        #expect(handler.readableCount == 3)
        #expect(handler.writableCount == 0)

        // With no interest nothing is reported (until the timer stops the loop).
        try loop.setInterest([], for: listener.descriptor)
        loop.schedule(after: 30) { loop.stop() }
        try loop.run()
        #expect(handler.readableCount == 3)
        loop.unregisterAndClose(listener.descriptor)
    }

    @Test func unregisterAndClose_dropsEventsQueuedForAReusedDescriptorNumber() throws {
        let loop = try EventLoop()
        defer { loop.close() }
        let first = try Listener(address: .loopbackIPv4(port: 0))
        let second = try Listener(address: .loopbackIPv4(port: 0))
        let clients = [try connectClient(to: first.boundAddress), try connectClient(to: second.boundAddress)]
        defer { for client in clients { try? client.close() } }
        let a = CountingHandler()
        let b = CountingHandler()
        // Never readable (nothing connects to it), so any call it gets is a stale event.
        let newcomer = CountingHandler()
        var replacement: Listener?
        // Whichever runs first closes the other and registers a new descriptor, which the kernel
        // may give the same number; the other's event, fetched in the same batch, must be dropped.
        func takeOver(closing victim: Listener, keeping survivor: Listener) {
            loop.unregisterAndClose(victim.descriptor)
            if let fresh = try? Listener(address: .loopbackIPv4(port: 0)) {
                replacement = fresh
                try? loop.register(fresh.descriptor, interest: .readable, handler: newcomer)
            }
            loop.unregisterAndClose(survivor.descriptor)
            loop.stop()
        }
        a.onReadable = { takeOver(closing: second, keeping: first) }
        b.onReadable = { takeOver(closing: first, keeping: second) }
        try loop.register(first.descriptor, interest: .readable, handler: a)
        try loop.register(second.descriptor, interest: .readable, handler: b)
        loop.schedule(after: Int64(testTimeoutMilliseconds)) { loop.stop() }
        try loop.run()
        #expect(a.readableCount + b.readableCount == 1)
        #expect(newcomer.readableCount == 0)
        #expect(replacement != nil)
    }
}

/// Counts callbacks and runs optional hooks.
final class CountingHandler: EventHandler {
    var readableCount = 0
    var writableCount = 0
    var hangupCount = 0
    var onReadable: () -> Void = {}
    var onHangup: () -> Void = {}

    func readable() {
        readableCount += 1
        onReadable()
    }

    func writable() { writableCount += 1 }

    func hangup() {
        hangupCount += 1
        onHangup()
    }
}
