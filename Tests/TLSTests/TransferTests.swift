import Glibc
import Testing
import Transport
@testable import TLS

@Suite struct TransferTests {
    @Test(arguments: [TLSVersion.tls1_2, .tls1_3])
    func roundTrip_carriesLargeMessagesBothWaysWithPartialWrites(version: TLSVersion) throws {
        let server = try Contexts.server()
        let client = try Contexts.client(TLSClientOptions(maximumVersion: version))
        let connection = try Connection.open(server: server, client: client)
        defer { connection.close() }
        let upload = patternBytes(count: 1_000_003, seed: 1)
        let download = patternBytes(count: 3 * 1024 * 1024 + 5, seed: 2)
        let serverPeer = Peer(connection.server, sending: download, expecting: upload.count)
        let clientPeer = Peer(connection.client, sending: upload, expecting: download.count)
        try exchange(serverPeer, clientPeer, pair: connection.pair)
        #expect(serverPeer.received == upload)
        #expect(clientPeer.received == download)
        // Partial writes are on: each write takes one record (16 KiB) of a larger buffer.
        #expect(serverPeer.partialWrites > 0)
        #expect(clientPeer.partialWrites > 0)
    }

    @Test func write_afterWouldBlockAcceptsTheSameBytesFromAnotherBuffer() throws {
        let connection = try Connection.open(server: try Contexts.server(), client: try Contexts.client())
        defer { connection.close() }
        let payload = patternBytes(count: 8 * 1024 * 1024, seed: 3)
        // Fill the socket while the client reads nothing, until OpenSSL holds a record it cannot send.
        var sent = 0
        var blocked: Interest?
        while blocked == nil, sent < payload.count {
            switch try payload.withUnsafeBytes({ try connection.server.write(UnsafeRawBufferPointer(rebasing: $0[sent...])) }) {
            case .bytes(let count): sent += count
            case .wouldBlock(let interest): blocked = interest
            case .closed: Issue.record("closed while writing")
            }
        }
        #expect(blocked == .writable)
        // Retry with a copy of the remaining bytes (a moved buffer), while the client reads everything.
        let moved = Array(payload[sent...])
        let serverPeer = Peer(connection.server, sending: moved)
        let clientPeer = Peer(connection.client, expecting: payload.count)
        try exchange(serverPeer, clientPeer, pair: connection.pair)
        #expect(clientPeer.received.count == payload.count)
        #expect(clientPeer.received == payload)
    }

    /// Read-ahead: one read(2) takes both records that arrived together, so the second waits
    /// inside OpenSSL where epoll cannot see it, and `hasBufferedInput` must say so.
    @Test func read_ofRecordsThatArrivedTogether_reportsTheSecondAsBufferedInput() throws {
        let connection = try Connection.open(server: try Contexts.server(), client: try Contexts.client())
        defer { connection.close() }
        // No Nagle delay: the second small record leaves at once, not after the first's ACK.
        try connection.pair.client.setNoDelay()
        let first = Array("GET /a HTTP/1.1\r\n\r\n".utf8), second = Array("GET /b HTTP/1.1\r\n\r\n".utf8)
        for message in [first, second] {
            #expect(try message.withUnsafeBytes { try connection.client.write($0) } == .bytes(message.count))
        }
        // Both records (5-byte header, text, type byte, 16-byte tag each) are in the server's socket.
        let wire = first.count + second.count + 2 * 22
        var queued: Int32 = 0
        for _ in 0..<500 {
            try wait(for: connection.pair.server.descriptor, .readable)
            _ = ioctl(connection.pair.server.descriptor.rawValue, UInt(FIONREAD), &queued)
            if queued >= wire { break }
            usleep(1_000)
        }
        #expect(Int(queued) >= wire)
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        let one = try buffer.withUnsafeMutableBytes { try connection.server.read(into: $0) }
        #expect(one == .bytes(first.count))
        #expect(Array(buffer[..<first.count]) == first)
        // The socket is empty now; the second record is OpenSSL's.
        var probe = pollfd(fd: connection.pair.server.descriptor.rawValue, events: Int16(POLLIN), revents: 0)
        #expect(poll(&probe, 1, 0) == 0)
        #expect(connection.server.hasBufferedInput)
        let two = try buffer.withUnsafeMutableBytes { try connection.server.read(into: $0) }
        #expect(two == .bytes(second.count))
        #expect(Array(buffer[..<second.count]) == second)
        #expect(!connection.server.hasBufferedInput)
    }

    /// How the client leaves: with `close_notify` then closing, or closing without a word.
    enum Leaving: Sendable, CaseIterable { case closeNotify, bareClose }

    @Test(arguments: Leaving.allCases)
    func read_reportsThePeerLeavingAsClosed(leaving: Leaving) throws {
        let connection = try Connection.open(server: try Contexts.server(), client: try Contexts.client())
        defer { try? connection.pair.server.close() }
        if leaving == .closeNotify { #expect(connection.client.shutdown()) }
        try connection.pair.client.close()
        let serverPeer = Peer(connection.server, expecting: 1)
        try pump([(connection.pair.server.descriptor, serverPeer.step)]) { serverPeer.peerClosed }
        #expect(serverPeer.received.isEmpty)
    }

    @Test func write_toAResetPeerReportsClosedNotAnError() throws {
        let connection = try Connection.open(server: try Contexts.server(), client: try Contexts.client())
        defer { try? connection.pair.server.close() }
        // SO_LINGER 0 makes the client's close send a reset.
        try connection.pair.client.setLingerZero()
        try connection.pair.client.close()
        let payload = patternBytes(count: 4 * 1024 * 1024, seed: 4)
        let serverPeer = Peer(connection.server, sending: payload)
        try pump([(connection.pair.server.descriptor, serverPeer.step)]) { serverPeer.peerClosed }
        #expect(serverPeer.sent < payload.count)
    }

    @Test func read_ofGarbageAfterTheHandshakeIsABadRecord() throws {
        let connection = try Connection.open(server: try Contexts.server(), client: try Contexts.client())
        defer { connection.pair.close() }
        let junk = [UInt8](repeating: 0x17, count: 5) + [UInt8](repeating: 0xAB, count: 64)
        #expect(try junk.withUnsafeBytes { try connection.pair.client.write($0) } == .bytes(junk.count))
        var failure: TLSError?
        let serverPeer = Peer(connection.server, expecting: 1)
        try pump([(connection.pair.server.descriptor, { () throws -> Step in
            do { return try serverPeer.step() } catch let error as TLSError { failure = error; return .idle }
        })]) { failure != nil }
        #expect(failure?.kind == .badRecord)
        // After a failure no close_notify may be sent.
        #expect(connection.server.shutdown() == false)
    }
}
