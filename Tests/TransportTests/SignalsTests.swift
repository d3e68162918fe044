import Testing
@testable import Transport

@Suite struct SignalsTests {
    @Test func signals_areDeliveredToTheLoopThroughTheSignalfd() throws {
        let received = Recorder<Signal>()
        let installed = Latch()
        let gotAll = Latch()
        let loop = try EventLoop()
        let thread = try WorkerThread(name: "signals") {
            // WorkerThread has already blocked the handled signals in this thread.
            do {
                try Signals.install(on: loop) { signal in
                    received.append(signal)
                    if received.values.count == 3 { gotAll.signal() }
                }
            } catch {
                Issue.record("install failed: \(error)")
            }
            loop.schedule(after: Int64(testTimeoutMilliseconds)) { loop.stop() }
            installed.signal()
            try? loop.run()
        }
        #expect(installed.wait())
        // Thread-directed, so no other thread of the test process can take them.
        try thread.send(.hangup)
        try thread.send(.terminate)
        try thread.send(.interrupt)
        #expect(gotAll.wait())
        loop.stop()
        thread.join()
        loop.close()
        #expect(Set(received.values) == [.hangup, .terminate, .interrupt])
    }

    @Test(arguments: Signal.allCases)
    func signal_numbersRoundTrip(signal: Signal) {
        #expect(Signal(number: signal.number) == signal)
    }

    @Test func signal_unknownNumbersAreNotOurs() {
        #expect(Signal(number: 0) == nil)
        #expect(Signal(number: 9) == nil)
    }
}

@Suite struct WorkerThreadTests {
    @Test func join_waitsForTheBodyAndIsIdempotent() throws {
        let recorder = Recorder<Int>()
        let thread = try WorkerThread(name: "a-very-long-thread-name") {
            for index in 0..<1_000 { recorder.append(index) }
        }
        thread.join()
        #expect(recorder.values.count == 1_000)
        // The second join returns (it must not pthread_join a joined thread again) and the body
        // has run exactly once: everything recorded is the body's, then this thread's marker.
        thread.join()
        recorder.append(-1)
        #expect(recorder.values == Array(0..<1_000) + [-1])
        #expect(thread.name == "a-very-long-thr")
    }
}
