import Glibc
import Testing
import Transport
@testable import TLS

/// Upper bound for any wait in these tests: a failure shows up as a failed expectation, never a hang.
let testTimeoutMilliseconds: Int32 = 5_000
/// Upper bound on steps of a pump loop.
let maxPumpSteps = 200_000

/// A connected loopback TCP pair, both ends non-blocking, closed by `close()`.
struct SocketPair {
    let server: Socket
    let client: Socket

    /// Connects a non-blocking client to a fresh listener on 127.0.0.1 (port 0) and accepts it.
    static func make() throws -> SocketPair {
        Signals.ignoreBrokenPipe()
        let listener = try Listener(address: .loopbackIPv4(port: 0))
        defer { try? listener.close() }
        let (client, _) = try Socket.beginConnect(to: listener.boundAddress)
        for _ in 0..<100 {
            if case .done(let accepted) = try listener.accept() {
                try wait(for: client.descriptor, .writable)
                try client.finishConnect()
                return SocketPair(server: accepted.socket, client: client)
            }
            try wait(for: listener.descriptor, .readable)
        }
        throw FixtureError(message: "no connection accepted")
    }

    func close() {
        try? server.close()
        try? client.close()
    }
}

/// Waits (bounded) until `descriptor` is ready for `interest`.
func wait(for descriptor: FileDescriptor, _ interest: Interest) throws {
    var poller = pollfd(fd: descriptor.rawValue, events: events(for: interest), revents: 0)
    guard poll(&poller, 1, testTimeoutMilliseconds) == 1 else { throw FixtureError(message: "timed out waiting for \(descriptor)") }
}

private func events(for interest: Interest) -> Int16 {
    (interest.contains(.readable) ? Int16(POLLIN) : 0) | (interest.contains(.writable) ? Int16(POLLOUT) : 0)
}

/// What one side of a pumped exchange did in a step.
enum Step {
    /// Moved bytes or advanced the handshake: step again at once.
    case progressed
    /// Needs its socket ready for this.
    case waiting(Interest)
    /// Has nothing left to do.
    case idle
}

/// One side of a conversation: a session that sends `outgoing` and collects what arrives until
/// `expecting` bytes are in (or the peer closes).
final class Peer {
    let session: TLSSession
    var outgoing: [UInt8]
    var sent = 0
    var expecting: Int
    var received: [UInt8] = []
    var peerClosed = false
    /// How many writes moved fewer bytes than offered (partial progress).
    var partialWrites = 0
    /// How many times a write had to wait.
    var blockedWrites = 0
    private var buffer = [UInt8](repeating: 0, count: 64 * 1024)

    init(_ session: TLSSession, sending outgoing: [UInt8] = [], expecting: Int = 0) {
        self.session = session
        self.outgoing = outgoing
        self.expecting = expecting
    }

    var isDone: Bool { sent == outgoing.count && (received.count >= expecting || peerClosed) && session.handshakeComplete }

    /// One write attempt and one read attempt (reading while a write waits keeps both
    /// directions moving), or a handshake step when there is nothing to move.
    func step() throws -> Step {
        var wanted: Interest = []
        var progressed = false
        if sent < outgoing.count {
            let offered = outgoing.count - sent
            let result = try outgoing.withUnsafeBytes { raw in
                try session.write(UnsafeRawBufferPointer(rebasing: raw[sent...]))
            }
            switch result {
            case .bytes(let count):
                if count < offered { partialWrites += 1 }
                sent += count
                progressed = true
            case .wouldBlock(let interest):
                blockedWrites += 1
                wanted.formUnion(interest)
            case .closed:
                peerClosed = true
                return .idle
            }
        }
        if received.count < expecting && !peerClosed {
            let result = try buffer.withUnsafeMutableBytes { try session.read(into: $0) }
            switch result {
            case .bytes(let count):
                received += buffer[..<count]
                progressed = true
            case .wouldBlock(let interest): wanted.formUnion(interest)
            case .closed: peerClosed = true
            }
        } else if !session.handshakeComplete {
            switch try session.handshake() {
            case .bytes: progressed = true
            case .wouldBlock(let interest): wanted.formUnion(interest)
            case .closed: peerClosed = true
            }
        }
        if progressed { return .progressed }
        return wanted.isEmpty ? .idle : .waiting(wanted)
    }
}

/// Steps every side until `done()`; when none can progress, polls the sockets they wait on
/// (bounded), so the exchange never sleeps and never spins.
func pump(_ sides: [(descriptor: FileDescriptor, step: () throws -> Step)], until done: () -> Bool) throws {
    for _ in 0..<maxPumpSteps {
        if done() { return }
        var waits: [pollfd] = []
        var progressed = false
        for side in sides {
            switch try side.step() {
            case .progressed: progressed = true
            case .waiting(let interest): waits.append(pollfd(fd: side.descriptor.rawValue, events: events(for: interest), revents: 0))
            case .idle: break
            }
        }
        if progressed || done() { continue }
        guard !waits.isEmpty else { throw FixtureError(message: "both sides idle before done") }
        guard poll(&waits, nfds_t(waits.count), testTimeoutMilliseconds) > 0 else { throw FixtureError(message: "timed out") }
    }
    throw FixtureError(message: "exchange did not finish in \(maxPumpSteps) steps")
}

/// Pumps two peers until both are done.
func exchange(_ server: Peer, _ client: Peer, pair: SocketPair) throws {
    try pump([(pair.server.descriptor, server.step), (pair.client.descriptor, client.step)]) { server.isDone && client.isDone }
}

/// A server session and a client session over a fresh loopback pair, handshake completed.
struct Connection {
    let pair: SocketPair
    let server: TLSSession
    let client: TLSSession

    /// Connects `client` to `server` asking for `serverName`, offering `resuming`, and runs the
    /// handshake (and, so TLS 1.3 tickets arrive, one small round trip).
    static func open(
        server: TLSContext, client: TLSContext, serverName: String? = "localhost", expectedHost: String? = nil,
        resuming: TLSSavedSession? = nil
    ) throws -> Connection {
        let pair = try SocketPair.make()
        do {
            let serverSession = try TLSSession(serving: server, socket: pair.server)
            let clientSession = try TLSSession(connectingWith: client, socket: pair.client, serverName: serverName, expectedHost: expectedHost, resuming: resuming)
            let request = Array("ping".utf8), answer = Array("pong".utf8)
            let serverPeer = Peer(serverSession, sending: answer, expecting: request.count)
            let clientPeer = Peer(clientSession, sending: request, expecting: answer.count)
            try exchange(serverPeer, clientPeer, pair: pair)
            guard serverPeer.received == request, clientPeer.received == answer else {
                throw FixtureError(message: "round trip garbled")
            }
            return Connection(pair: pair, server: serverSession, client: clientSession)
        } catch {
            pair.close()
            throw error
        }
    }

    func close() {
        server.shutdown()
        client.shutdown()
        pair.close()
    }
}

/// The handshake error each side got when a handshake cannot succeed.
func failedHandshake(server: TLSContext, client: TLSContext) throws -> (server: TLSError?, client: TLSError?) {
    let pair = try SocketPair.make()
    defer { pair.close() }
    let serverSession = try TLSSession(serving: server, socket: pair.server)
    let clientSession = try TLSSession(connectingWith: client, socket: pair.client, serverName: "localhost")
    var serverError: TLSError?
    var clientError: TLSError?
    var serverEnded = false
    var clientEnded = false
    func step(_ session: TLSSession, _ failure: inout TLSError?, _ ended: inout Bool) -> Step {
        guard !ended else { return .idle }
        do throws(TLSError) {
            switch try session.handshake() {
            case .bytes, .closed:
                ended = true
            case .wouldBlock(let interest):
                return .waiting(interest)
            }
        } catch {
            failure = error
            ended = true
        }
        return .progressed
    }
    try pump([
        (pair.server.descriptor, { step(serverSession, &serverError, &serverEnded) }),
        (pair.client.descriptor, { step(clientSession, &clientError, &clientEnded) }),
    ]) { serverEnded && clientEnded }
    return (serverError, clientError)
}

/// Bytes that differ from position to position and from seed to seed (Knuth's multiplicative
/// hash of the index; bits 24–31 repeat only every 4 GiB), so a lost, repeated or reordered
/// record shows.
func patternBytes(count: Int, seed: UInt64) -> [UInt8] {
    (0..<UInt64(count)).map { UInt8(truncatingIfNeeded: (($0 &+ seed) &* 2_654_435_761) >> 24) }
}

/// The shared fixture's contexts.
enum Contexts {
    static var fixture: CertificateFixture { .shared }
    static var localhostPair: TLSCertificatePair { TLSCertificatePair(certificateChainPath: fixture.localhostChain, privateKeyPath: fixture.localhostKey) }
    static var altPair: TLSCertificatePair { TLSCertificatePair(certificateChainPath: fixture.altChain, privateKeyPath: fixture.altKey) }

    static func server(_ pairs: [TLSCertificatePair] = [localhostPair], options: TLSServerOptions = TLSServerOptions()) throws -> TLSContext {
        try TLSContext(certificates: pairs, options: options)
    }

    static func client(_ options: TLSClientOptions = TLSClientOptions()) throws -> TLSContext {
        try TLSContext(clientTrusting: fixture.caPath, options: options)
    }
}
