import Testing
@testable import Transport

/// An echo connection as ServerCore would write one: reads into the loop's shared buffer, keeps
/// only unsent bytes, and switches to `.writable` (stopping reads) while the peer is slow.
final class EchoConnection: EventHandler {
    let socket: Socket
    unowned let loop: EventLoop
    private var unsent: [UInt8] = []
    private var idleTimer: TimerID?

    init(socket: Socket, loop: EventLoop) throws {
        self.socket = socket
        self.loop = loop
        try loop.register(socket.descriptor, interest: .readable, handler: self)
        idleTimer = loop.schedule(after: Int64(testTimeoutMilliseconds)) { self.close() }
    }

    func readable() {
        if let idleTimer { loop.reschedule(idleTimer, after: Int64(testTimeoutMilliseconds)) }
        do {
            switch try socket.read(into: loop.readBuffer) {
            case .bytes(let count):
                unsent.append(contentsOf: UnsafeRawBufferPointer(rebasing: loop.readBuffer[..<count]))
                flush()
            case .wouldBlock:
                return
            case .peerClosed:
                close()
            }
        } catch {
            close()
        }
    }

    func writable() { flush() }

    func hangup() { close() }

    private func flush() {
        while !unsent.isEmpty {
            let result = try? unsent.withUnsafeBytes { try socket.write($0) }
            switch result {
            case .bytes(let count)?:
                unsent.removeFirst(count)
            case .wouldBlock?:
                try? loop.setInterest(.writable, for: socket.descriptor)
                return
            case .peerClosed?, nil:
                close()
                return
            }
        }
        try? loop.setInterest(.readable, for: socket.descriptor)
    }

    private func close() {
        if let idleTimer { loop.cancel(idleTimer) }
        idleTimer = nil
        loop.unregisterAndClose(socket.descriptor)
    }
}

@Suite struct EchoServerTests {
    /// Starts an echo server on `address` (port 0) on its own loop thread.
    static func startEchoServer(on address: SocketAddress, peers: Recorder<SocketAddress>? = nil) throws -> (LoopThread, SocketAddress) {
        let listener = try Listener(address: address)
        let runner = try LoopThread(name: "echo") { loop in
            _ = try Acceptor(listener: listener, loop: loop, onAccept: { accepted in
                peers?.append(accepted.peer)
                _ = try? EchoConnection(socket: accepted.socket, loop: loop)
            }, onError: { error in Issue.record("accept failed: \(error)") })
        }
        return (runner, listener.boundAddress)
    }

    @Test(arguments: [SocketAddress.loopbackIPv4(port: 0), .loopbackIPv6(port: 0)])
    func echo_roundTripsSmallMessagesAndReportsThePeer(address: SocketAddress) throws {
        let peers = Recorder<SocketAddress>()
        let (runner, bound) = try Self.startEchoServer(on: address, peers: peers)
        defer { runner.shutdown() }
        #expect(bound.port != 0)
        #expect(bound.family == address.family)

        let client = try connectClient(to: bound)
        defer { try? client.close() }
        for message in ["hello", "", "second message", String(repeating: "x", count: 1000)] where !message.isEmpty {
            #expect(try writeAll(client, Array(message.utf8)))
            #expect(try read(client, count: message.utf8.count) == Array(message.utf8))
        }
        #expect(peers.values == [try client.localAddress()])
        #expect(try client.peerAddress() == bound)

        // A half-close from the client makes the server close: the client sees end of stream.
        try client.shutdown(.write)
        let rest = try readToEnd(client, limit: 0)
        #expect(rest.closed)
        #expect(rest.bytes.isEmpty)
    }

    @Test(arguments: [SocketAddress.loopbackIPv4(port: 0), .loopbackIPv6(port: 0)])
    func echo_handlesBackpressureOnLargeTransfers(address: SocketAddress) throws {
        let (runner, bound) = try Self.startEchoServer(on: address)
        defer { runner.shutdown() }
        let client = try connectClient(to: bound)
        defer { try? client.close() }
        let payload = patternBytes(count: 4 * 1024 * 1024, seed: 7)
        // Chunks larger than the socket buffers, so the server hits EAGAIN and waits for writable.
        let chunk = 1024 * 1024
        for start in stride(from: 0, to: payload.count, by: chunk) {
            let piece = Array(payload[start..<min(start + chunk, payload.count)])
            let writer = try WorkerThread(name: "echo-writer") { _ = try? writeAll(client, piece) }
            let echoed = try read(client, count: piece.count)
            writer.join()
            #expect(echoed == piece)
        }
    }

    @Test func echo_servesManyConcurrentClients() throws {
        let (runner, bound) = try Self.startEchoServer(on: .loopbackIPv4(port: 0))
        defer { runner.shutdown() }
        let clients = try (0..<50).map { _ in try connectClient(to: bound) }
        defer { for client in clients { try? client.close() } }
        for (index, client) in clients.enumerated() {
            #expect(try writeAll(client, Array("client \(index)".utf8)))
        }
        for (index, client) in clients.enumerated() {
            let expected = Array("client \(index)".utf8)
            #expect(try read(client, count: expected.count) == expected)
        }
    }
}
