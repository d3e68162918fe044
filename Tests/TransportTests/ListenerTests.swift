import Testing
@testable import Transport

@Suite struct ListenerTests {
    @Test(arguments: [SocketAddress.loopbackIPv4(port: 0), .loopbackIPv6(port: 0)])
    func bindPortZero_reportsTheRealPort(address: SocketAddress) throws {
        let listener = try Listener(address: address)
        defer { try? listener.close() }
        #expect(listener.boundAddress.port != 0)
        #expect(listener.boundAddress.withPort(0) == address)
    }

    @Test func accept_returnsWouldBlockThenTheConnection() throws {
        let listener = try Listener(address: .loopbackIPv4(port: 0))
        defer { try? listener.close() }
        #expect(try listener.accept() == .wouldBlock)
        let client = try connectClient(to: listener.boundAddress)
        defer { try? client.close() }
        // The handshake completes in the kernel; poll (bounded) until it is queued.
        var accepted: Listener.Accepted?
        let deadline = SystemClock.monotonicMilliseconds() + Int64(testTimeoutMilliseconds)
        while accepted == nil, SystemClock.monotonicMilliseconds() < deadline {
            if case .done(let connection) = try listener.accept() { accepted = connection }
        }
        let connection = try #require(accepted)
        defer { try? connection.socket.close() }
        #expect(connection.peer == (try client.localAddress()))
        // Accepted sockets are non-blocking: an empty read is wouldBlock, not a hang.
        var byte: UInt8 = 0
        #expect(try withUnsafeMutableBytes(of: &byte) { try connection.socket.read(into: $0) } == .wouldBlock)
    }

    @Test func bind_withoutReusePortConflicts() throws {
        let first = try Listener(address: .loopbackIPv4(port: 0))
        defer { try? first.close() }
        #expect(throws: Errno.addressInUse) { try Listener(address: first.boundAddress) }
    }

    @Test func bind_withReusePortSharesThePort() throws {
        let first = try Listener(address: .loopbackIPv4(port: 0), reusePort: true)
        defer { try? first.close() }
        let second = try Listener(address: first.boundAddress, reusePort: true)
        defer { try? second.close() }
        #expect(second.boundAddress == first.boundAddress)
    }

    @Test func ipv4AndIPv6_canShareAPortNumber() throws {
        // IPV6_V6ONLY keeps the v6 socket off the v4 port space. The port the kernel picks for
        // v6 may be taken on v4 by another test running beside this one, so a few ports are
        // tried; v6 taking the v4 space would refuse every one of them.
        var shared = false
        for _ in 0..<20 where !shared {
            shared = try Self.shareOnePort()
        }
        #expect(shared, "no v6 port could be shared with v4 in 20 tries")
    }

    /// Binds v6 on a port the kernel picks, then v4 on the same number: true when both bound
    /// (and agree on the port), false when v4's port was taken.
    static func shareOnePort() throws -> Bool {
        let v6 = try Listener(address: .loopbackIPv6(port: 0))
        defer { try? v6.close() }
        switch Result(catching: { () throws(Errno) in try Listener(address: .anyIPv4(port: v6.boundAddress.port)) }) {
        case .success(let v4):
            #expect(v4.boundAddress.port == v6.boundAddress.port)
            try? v4.close()
            return true
        case .failure(.addressInUse):
            return false
        case .failure(let error):
            throw error
        }
    }

    @Test func connect_toAClosedPortIsRefused() throws {
        let listener = try Listener(address: .loopbackIPv4(port: 0))
        let address = listener.boundAddress
        try listener.close()
        #expect(throws: Errno.connectionRefused) { try Socket.connect(to: address) }
    }

    @Test func acceptor_pausesInsteadOfSpinningWhenTheListenerFails() throws {
        let loop = try EventLoop()
        defer { loop.close() }
        let listener = try Listener(address: .loopbackIPv4(port: 0))
        let errors = Recorder<Errno>()
        let acceptor = try Acceptor(listener: listener, loop: loop, onAccept: { _ in }, onError: { errors.append($0) })
        // Shutting a listening socket down makes epoll report it (HUP) and accept fail (EINVAL).
        try Socket(listener.descriptor).shutdown(.both)
        loop.schedule(after: 250) { loop.stop() }
        loop.schedule(after: Int64(testTimeoutMilliseconds)) { loop.stop() }
        try loop.run()
        // One report per pause (100 ms), not one per iteration.
        #expect(errors.values.count >= 1)
        #expect(errors.values.count <= 4)
        acceptor.close()
    }

    @Test func beginConnect_completesOnWritable() throws {
        let loop = try EventLoop()
        defer { loop.close() }
        let listener = try Listener(address: .loopbackIPv4(port: 0))
        defer { try? listener.close() }
        let (socket, state) = try Socket.beginConnect(to: listener.boundAddress)
        var outcome: Result<Void, Errno>?
        let connecting = Connecting()
        connecting.onWritable = {
            outcome = Result { () throws(Errno) in try socket.finishConnect() }
            loop.unregisterAndClose(socket.descriptor)
            loop.stop()
        }
        switch state {
        case .done:
            outcome = .success(())
            try socket.close()
        case .wouldBlock:
            try loop.register(socket.descriptor, interest: .writable, handler: connecting)
            loop.schedule(after: Int64(testTimeoutMilliseconds)) { loop.stop() }
            try loop.run()
        }
        #expect(throws: Never.self) { try outcome?.get() }
        #expect(outcome != nil)
    }
}

/// Reports writability (or failure) of a connecting socket.
private final class Connecting: EventHandler {
    var onWritable: () -> Void = {}
    func readable() {}
    func writable() { onWritable() }
    func hangup() { onWritable() }
}
