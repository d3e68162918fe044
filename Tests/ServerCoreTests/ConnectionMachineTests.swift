import HTTPWire
import Protection
import RequestPolicy
import Testing
@testable import ServerCore

/// The connection state machine without a socket: requests in as bytes split every way, the
/// responses, timer changes and closes out.
struct ConnectionMachineTests {
    static let pipelined = Array(("GET /a HTTP/1.1\r\nHost: x\r\n\r\n" + "GET /bb HTTP/1.1\r\nHost: x\r\n\r\n"
        + "GET /ccc HTTP/1.1\r\nHost: x\r\n\r\n").utf8)

    @Test func pipelinedRequests_splitAtEveryOffset_areAnsweredInOrder() {
        for cut in 0...Self.pipelined.count {
            var harness = MachineHarness(FakeServices())
            harness.start()
            harness.feed([Array(Self.pipelined[..<cut]), Array(Self.pipelined[cut...])])
            #expect(harness.bodies == ["ok:/a", "ok:/bb", "ok:/ccc"], "cut at \(cut)")
            #expect(!harness.closed)
        }
    }

    @Test func requestsByteByByte_withPartialWrites_areAnswered() {
        var harness = MachineHarness(FakeServices())
        harness.writeLimit = 3
        harness.start()
        harness.feed(Self.pipelined.map { [$0] })
        #expect(harness.bodies == ["ok:/a", "ok:/bb", "ok:/ccc"])
    }

    @Test func timers_headFromItsFirstByte_idleBetweenRequests() {
        let services = FakeServices()
        var harness = MachineHarness(services)
        harness.start()
        #expect(harness.timers == [.arm(services.limits.headTimeout)], "a new connection waits for a head")
        harness.feed([Array("GET / HT".utf8)])
        #expect(harness.timers.last == .arm(services.limits.headTimeout), "the head's deadline starts at its first byte")
        harness.feed([Array("TP/1.1\r\n".utf8)])
        #expect(harness.timers.last == .keep, "more bytes of the same head keep the deadline")
        harness.feed([Array("Host: x\r\n\r\n".utf8)])
        #expect(harness.timers.last == .arm(services.limits.idleTimeout), "after the response, keep-alive idle")
        #expect(harness.machine.timedOut() == .closeAction)
    }

    @Test func discardedBody_splitAtEveryOffset_isDroppedBeforeTheNextRequest() {
        let stream = Array(("GET /a HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello" + "GET /b HTTP/1.1\r\nHost: x\r\n\r\n").utf8)
        for cut in 0...stream.count {
            var harness = MachineHarness(FakeServices())
            harness.start()
            harness.feed([Array(stream[..<cut]), Array(stream[cut...])])
            #expect(harness.bodies == ["ok:/a", "ok:/b"], "cut at \(cut)")
        }
    }

    @Test func chunkedDiscardedBody_isDropped() {
        let stream = Array(("GET /a HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n"
            + "GET /b HTTP/1.1\r\nHost: x\r\n\r\n").utf8)
        var harness = MachineHarness(FakeServices())
        harness.start()
        harness.feed(stream.map { [$0] })
        #expect(harness.bodies == ["ok:/a", "ok:/b"])
    }

    @Test func largeUnwantedBody_closesAfterTheResponse() {
        var harness = MachineHarness(FakeServices())
        harness.start()
        harness.feed([Array("GET /a HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n".utf8)])
        #expect(harness.bodies == ["ok:/a"])
        #expect(harness.closed)
    }

    @Test(arguments: [
        ("GET /a HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", true),
        ("GET /a HTTP/1.0\r\n\r\n", true),
        ("GET /a HTTP/1.0\r\nConnection: keep-alive\r\n\r\n", false),
        ("GET /a HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\n", true),
    ])
    func keepAlive_followsTheRequest(raw: String, closes: Bool) {
        var harness = MachineHarness(FakeServices())
        harness.start()
        harness.feed([Array(raw.utf8)])
        #expect(harness.bodies == ["ok:/a"])
        #expect(harness.closed == closes, "\(raw)")
    }

    @Test func malformedRequest_gets400AndCloses() {
        var harness = MachineHarness(FakeServices())
        harness.start()
        harness.feed([Array("GET /a HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\nGET /b HTTP/1.1\r\n\r\n".utf8)])
        #expect(harness.responses.count == 1)
        #expect(harness.responses.first?.hasPrefix("HTTP/1.1 400 ") == true, "\(harness.responses)")
        #expect(harness.closed)
    }

    @Test func drain_closesAnIdleConnectionAtOnce_andABusyOneAfterItsResponse() {
        var idle = MachineHarness(FakeServices())
        idle.start()
        #expect(idle.machine.drain() == .closeAction)

        let services = FakeServices()
        var busy = MachineHarness(services)
        busy.start()
        busy.feed([Array("GET /a HT".utf8)])
        #expect(busy.machine.drain() == nil, "a request in progress is finished")
        busy.feed([Array("TP/1.1\r\nHost: x\r\n\r\n".utf8)])
        #expect(busy.bodies == ["ok:/a"])
        #expect(busy.closed)
    }

    @Test func everyResponse_isLoggedOnceWithItsBytes() {
        let services = FakeServices()
        var harness = MachineHarness(services)
        harness.start()
        harness.feed([Self.pipelined])
        #expect(services.records.map(\.response.status) == [200, 200, 200])
        #expect(services.records.map(\.bodyBytes) == [5, 6, 7])
        #expect(services.records.compactMap { $0.head?.target } == ["/a", "/bb", "/ccc"])
    }

    @Test func continueIsSentOnlyWhenTheBodyIsWanted_thenTheUploadIsFinished() {
        let services = FakeServices()
        let sink = RecordingSink()
        services.answer = { head in
            head.method == .put ? .receiveBody(sink, framing: .length(5), user: "carl") : .respond(FakeServices.ok(head, "ok"))
        }
        var harness = MachineHarness(services)
        harness.start()
        harness.feed([Array("PUT /d HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n".utf8)])
        #expect(String(decoding: harness.sentBytes, as: UTF8.self) == "HTTP/1.1 100 Continue\r\n\r\n")
        #expect(harness.timers.last == .arm(services.limits.bodyTimeout))
        harness.feed([Array("he".utf8), Array("llo".utf8)])
        guard case .finishUpload? = harness.lastAction else { Issue.record("\(String(describing: harness.lastAction))"); return }
        #expect(sink.received == Array("hello".utf8))
        let done = ResponseBuilder(for: nil, date: "D").empty(.noContent, user: "carl")
        harness.run(harness.machine.uploadFinished(done))
        #expect(harness.responses.last?.hasPrefix("HTTP/1.1 204 ") == true, "\(harness.responses)")
        #expect(services.records.last?.received == 5)
        #expect(services.records.last?.user == "carl")
    }

    @Test func sinkRefusal_midBody_isAnsweredAndCloses() {
        let services = FakeServices()
        let sink = RecordingSink()
        sink.refuseAfter = 2
        services.answer = { _ in .receiveBody(sink, framing: .length(10), user: nil) }
        var harness = MachineHarness(services)
        harness.start()
        harness.feed([Array("PUT /d HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nabcdef".utf8)])
        #expect(harness.responses.last?.hasPrefix("HTTP/1.1 507 ") == true, "\(harness.responses)")
        #expect(sink.aborted)
        #expect(harness.closed)
    }

    @Test func handOff_carriesTheBytesReadPastTheHead() throws {
        let services = FakeServices()
        let head = try RequestHead(parsing: Array("CONNECT h:443 HTTP/1.1\r\nHost: h:443\r\n\r\n".utf8))
        let job = ProxyJob(kind: .tunnel, request: ProxyRequest(head: head, target: ProxyTarget(connectHost: "h", port: 443), url: "https://h:443",
                                                                 user: nil, policy: ProxyDestinationPolicy(allowed: nil), limits: HTTPLimits()))
        services.answer = { _ in .handOff(job) }
        var harness = MachineHarness(services)
        harness.start()
        harness.feed([Array("CONNECT h:443 HTTP/1.1\r\nHost: h:443\r\n\r\n\u{16}\u{03}\u{01}".utf8)])
        guard case .handOff(_, let leftover)? = harness.lastAction else { Issue.record("\(String(describing: harness.lastAction))"); return }
        #expect(leftover == [0x16, 0x03, 0x01])
    }
}

/// A body sink that keeps what it is given, and refuses after `refuseAfter` bytes when set.
final class RecordingSink: RequestBodySink {
    var received: [UInt8] = []
    var refuseAfter: Int?
    var aborted = false

    func write(_ bytes: UnsafeRawBufferPointer) -> ResponsePlan? {
        received += bytes
        if let limit = refuseAfter, received.count > limit {
            return ResponseBuilder(for: nil, date: "D").page(HTTPStatus(code: 507)!, detail: nil, close: true, user: nil)
        }
        return nil
    }

    func finish(_ done: @escaping @Sendable (ResponsePlan) -> Void) {}

    func abort() { aborted = true }
}

extension ConnectionAction {
    /// `.close`, for comparisons.
    static var closeAction: ConnectionAction { .close }

    /// Whether two actions are the same kind (payloads aside).
    static func == (a: ConnectionAction, b: ConnectionAction) -> Bool {
        switch (a, b) {
        case (.close, .close), (.write, .write): true
        case (.read(let x), .read(let y)): x == y
        default: false
        }
    }
}

extension Optional where Wrapped == ConnectionAction {
    static func == (a: ConnectionAction?, b: ConnectionAction?) -> Bool {
        switch (a, b) {
        case (nil, nil): true
        case (let x?, let y?): x == y
        default: false
        }
    }
}

/// What a connection holds of unanswered input is accounted for, and capped per loop.
struct ConnectionMachineInputTests {
    @Test func heldInput_isAccountedAndGivenBack() {
        let services = FakeServices()
        var harness = MachineHarness(services)
        harness.start()
        harness.feed([Array("GET /a HTTP/1.1\r\nHost: x\r\n".utf8)])
        #expect(services.heldInput > 0, "a partial head is held")
        harness.feed([Array("\r\n".utf8)])
        #expect(services.heldInput == 0, "answered: nothing held")
        harness.feed([Array("GET /b HTTP/1.1\r\nHo".utf8)])
        #expect(services.heldInput > 0)
        _ = harness.machine.close()
        #expect(services.heldInput == 0, "closed: nothing held")
    }

    @Test func pastTheLoopsCap_theConnectionGets503AndCloses() {
        let services = FakeServices()
        services.maxHeldInput = 100
        var harness = MachineHarness(services)
        harness.start()
        harness.feed([Array("GET /a HTTP/1.1\r\n".utf8), Array(("X-Filler: " + String(repeating: "x", count: 200) + "\r\n").utf8)])
        #expect(harness.responses.first?.hasPrefix("HTTP/1.1 503 ") == true, "\(harness.responses)")
        #expect(harness.closed)
        #expect(services.heldInput == 0)
    }

    @Test func aTricklingBody_runsOutOfTime_aMovingOneDoesNot() {
        let services = FakeServices()
        services.limits.bodyTimeout = 2_000
        let sink = RecordingSink()
        services.answer = { _ in .receiveBody(sink, framing: .length(1_000_000), user: nil) }
        var trickle = MachineHarness(services)
        trickle.start()
        trickle.feed([Array("PUT /d HTTP/1.1\r\nHost: x\r\nContent-Length: 1000000\r\n\r\n".utf8)])
        for second in 1...3 {
            services.now = Int64(second) * 1_000
            trickle.feed([[0x61]])
        }
        // Started at 0 with 2 s of allowance and a byte per second: nothing left by 2 s.
        #expect(trickle.timers.last == .arm(0), "\(trickle.timers)")

        services.now = 0
        var moving = MachineHarness(services)
        moving.start()
        moving.feed([Array("PUT /d HTTP/1.1\r\nHost: x\r\nContent-Length: 1000000\r\n\r\n".utf8)])
        for second in 1...3 {
            services.now = Int64(second) * 1_000
            moving.feed([[UInt8](repeating: 0x61, count: 8 * 1024)])
        }
        #expect(moving.timers.last == .arm(2_000), "a body at 8 KiB/s keeps its full allowance: \(moving.timers)")
    }
}
