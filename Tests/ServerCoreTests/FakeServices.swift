import HTTPWire
import Protection
import RequestPolicy
@testable import ServerCore

/// Connection services for machine tests: each request is answered by `answer` (by default 200
/// with a body naming the target), every log record is kept, and time is whatever the test says.
final class FakeServices: ConnectionServices {
    var limits = ConnectionLimits()
    var draining = false
    var now: Int64 = 0
    var requestClock: Int64 { now * 1000 }
    var parserLimits = HTTPLimits()
    var answer: (RequestHead) -> ServiceReply = { head in .respond(FakeServices.ok(head, "ok:" + head.target)) }
    private(set) var records: [AccessRecord] = []
    private(set) var asked: [String] = []

    init() {
        limits.headTimeout = 10_000
        limits.idleTimeout = 5_000
        limits.sendTimeout = 30_000
        limits.bodyTimeout = 60_000
    }

    func reply(to head: RequestHead, from peer: ConnectionPeer) -> ServiceReply {
        asked.append("\(head.method.rawValue) \(head.target)")
        return answer(head)
    }

    func reply(resuming pending: PendingAnswer, head: RequestHead, from peer: ConnectionPeer) -> ServiceReply {
        answer(head)
    }

    func malformed(_ error: HTTPParseError, from peer: ConnectionPeer) -> ResponsePlan {
        ResponseBuilder(for: nil, date: "D").page(error.status, detail: nil, close: true, user: nil)
    }

    func log(_ record: AccessRecord) { records.append(record) }

    /// Input held, and the most allowed (tests lower it).
    var heldInput = 0
    var maxHeldInput = Int.max

    func holdInput(_ delta: Int) -> Bool {
        heldInput += delta
        return heldInput <= maxHeldInput
    }

    func overloaded(from peer: ConnectionPeer) -> ResponsePlan {
        ResponseBuilder(for: nil, date: "D").page(.serviceUnavailable, detail: nil, close: true, user: nil)
    }

    /// 200 with `text` as the body, framed for `head`.
    static func ok(_ head: RequestHead, _ text: String) -> ResponsePlan {
        ResponseBuilder(for: head, date: "D").body(.ok, contentType: "text/plain", bytes: Array(text.utf8), user: nil)
    }
}

/// Plays the driver for a machine: feeds chunks of input when it wants to read, takes what it
/// wants written (at most `writeLimit` bytes per write, to force partial writes) and says when
/// it was sent. Records every timer change and the bytes "sent" to the client.
struct MachineHarness {
    var machine: ConnectionMachine<FakeServices>
    var sentBytes: [UInt8] = []
    var timers: [TimerChange] = []
    var closed = false
    var writeLimit = Int.max
    var lastAction: ConnectionAction?

    init(_ services: FakeServices, leftover: [UInt8] = []) {
        machine = ConnectionMachine(services: services, peer: ConnectionPeer(address: ClientAddress(parsing: "127.0.0.1")!, listener: .plain),
                                    leftover: leftover)
    }

    /// Starts the machine and runs its actions until it waits for input.
    mutating func start() { run(machine.start()) }

    /// Delivers `chunks` one read at a time (while the machine reads), then runs until it waits.
    mutating func feed(_ chunks: [[UInt8]]) {
        for chunk in chunks where !closed {
            let action = chunk.withUnsafeBytes { machine.received($0) }
            run(action)
        }
    }

    /// Carries out actions until the machine waits for input (or closes).
    mutating func run(_ first: ConnectionAction) {
        var next: ConnectionAction? = first
        var steps = 0
        while let action = next, steps < 10_000 {
            steps += 1
            lastAction = action
            next = nil
            switch action {
            case .read(let change):
                timers.append(change)
            case .write:
                next = flush()
            case .verify, .finishUpload, .handOff:
                return
            case .close:
                closed = true
                return
            }
        }
    }

    private mutating func flush() -> ConnectionAction {
        while true {
            switch machine.output.next() {
            case .nothing:
                return machine.sent()
            case .bytes:
                let chunk = machine.output.withUnsentBytes { Array($0.prefix(writeLimit)) }
                sentBytes += chunk
                machine.output.wrote(chunk.count)
            case .file(_, _, let count):
                machine.output.wroteFile(count)
            }
        }
    }

    /// The responses sent so far, split at each status line.
    var responses: [String] {
        let text = String(decoding: sentBytes, as: UTF8.self)
        return text.components(separatedBy: "HTTP/1.").dropFirst().map { "HTTP/1." + $0 }
    }

    /// The bodies of the responses sent so far (after each blank line).
    var bodies: [String] {
        responses.map { response in response.components(separatedBy: "\r\n\r\n").dropFirst().joined(separator: "\r\n\r\n") }
    }
}
