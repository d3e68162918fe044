import Testing
import Transport
@testable import TLS

/// Sends `count` bytes of a file with `sendFile`, the way a response body goes out.
final class FileSenderPeer {
    let session: TLSSession
    let file: FileDescriptor
    let count: Int
    var offset: Int64 = 0
    var truncated = false

    init(_ session: TLSSession, file: FileDescriptor, count: Int) {
        self.session = session
        self.file = file
        self.count = count
    }

    var isDone: Bool { Int(offset) == count || truncated }

    func step() throws -> Step {
        guard !isDone else { return .idle }
        switch try session.sendFile(file, offset: offset, count: count - Int(offset)) {
        case .bytes(0): truncated = true; return .progressed
        case .bytes(let sent): offset += Int64(sent); return .progressed
        case .wouldBlock(let interest): return .waiting(interest)
        case .closed: truncated = true; return .idle
        }
    }
}

@Suite struct SendFileTests {
    static var fixture: CertificateFixture { .shared }

    private func payloadFile(_ bytes: [UInt8], name: String) throws -> FileDescriptor {
        let path = Self.fixture.directory + "/" + name
        try Self.fixture.write(bytes: bytes, to: path)
        return try FileSystem.openForReading(path)
    }

    @Test(arguments: [1, 16 * 1024, 16 * 1024 + 1, 1_000_007])
    func sendFile_deliversTheExactFileBytes(size: Int) throws {
        let content = patternBytes(count: size, seed: UInt64(size))
        let file = try payloadFile(content, name: "send-\(size).bin")
        defer { file.closeIgnoringErrors() }
        let connection = try Connection.open(server: try Contexts.server(), client: try Contexts.client())
        defer { connection.close() }
        let sender = FileSenderPeer(connection.server, file: file, count: size)
        let receiver = Peer(connection.client, expecting: size)
        try pump([(connection.pair.server.descriptor, sender.step), (connection.pair.client.descriptor, receiver.step)]) {
            sender.isDone && receiver.isDone
        }
        #expect(!sender.truncated)
        #expect(receiver.received == content)
        // Which path carried it: SSL_sendfile under kernel TLS, else pread + SSL_write.
        print("sendFile(\(size)): \(connection.server.kernelTLSSend ? "kernel TLS, SSL_sendfile" : "pread + SSL_write")")
        // The chunk lives only while a range is being sent.
        #expect(connection.server.chunk == nil)
    }

    @Test func sendFile_reportsZeroWhenTheFileIsShorterThanAsked() throws {
        let file = try payloadFile([1, 2, 3], name: "short.bin")
        defer { file.closeIgnoringErrors() }
        let connection = try Connection.open(server: try Contexts.server(), client: try Contexts.client())
        defer { connection.close() }
        let sender = FileSenderPeer(connection.server, file: file, count: 10)
        let receiver = Peer(connection.client, expecting: 3)
        try pump([(connection.pair.server.descriptor, sender.step), (connection.pair.client.descriptor, receiver.step)]) {
            sender.isDone && receiver.isDone
        }
        #expect(sender.truncated)
        #expect(sender.offset == 3)
        #expect(receiver.received == [1, 2, 3])
        #expect(connection.server.chunk == nil)
    }

    @Test func sendFile_afterWouldBlockMustBeRetriedAtTheSameOffset() throws {
        let size = 16 * 1024 * 1024
        let file = try payloadFile([UInt8](repeating: 0x5A, count: size), name: "large.bin")
        defer { file.closeIgnoringErrors() }
        let connection = try Connection.open(server: try Contexts.server(), client: try Contexts.client())
        defer { connection.close() }
        // The client reads nothing, so the socket fills.
        let sender = FileSenderPeer(connection.server, file: file, count: size)
        var blocked = false
        for _ in 0..<10_000 where !blocked && !sender.isDone {
            if case .waiting = try sender.step() { blocked = true }
        }
        try #require(blocked, "the socket never filled")
        if connection.server.kernelTLSSend { return }   // SSL_sendfile keeps no plaintext to retry
        let error = #expect(throws: TLSError.self) {
            try connection.server.sendFile(file, offset: sender.offset + 1, count: 10)
        }
        #expect(error?.kind == .misuse)
    }

    @Test func sendFile_ofAnUnreadableDescriptorIsAFileError() throws {
        let connection = try Connection.open(server: try Contexts.server(), client: try Contexts.client())
        defer { connection.close() }
        let closed = try payloadFile([1], name: "closed.bin")
        closed.closeIgnoringErrors()
        let error = #expect(throws: TLSError.self) { try connection.server.sendFile(closed, offset: 0, count: 1) }
        #expect(error?.kind == .fileRead)
        #expect(connection.server.chunk == nil)
    }
}
