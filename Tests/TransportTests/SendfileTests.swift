import Testing
@testable import Transport

/// Sends a head (with `MSG_MORE`) and then a whole file with `sendfile`, then closes: the shape
/// of a static-file response.
final class FileSender: EventHandler {
    let socket: Socket
    unowned let loop: EventLoop
    let file: FileDescriptor
    let size: Int64
    private var head: [UInt8]
    private var offset: Int64 = 0
    let useWritev: [UInt8]?

    init(socket: Socket, loop: EventLoop, head: [UInt8], file: FileDescriptor, size: Int64, body: [UInt8]? = nil) throws {
        self.socket = socket
        self.loop = loop
        self.head = head
        self.file = file
        self.size = size
        self.useWritev = body
        try loop.register(socket.descriptor, interest: .writable, handler: self)
    }

    func readable() {}

    func writable() {
        do {
            if let body = useWritev {
                try sendWithWritev(body)
                return
            }
            while !head.isEmpty {
                switch try head.withUnsafeBytes({ try socket.write($0, more: true) }) {
                case .bytes(let count): head.removeFirst(count)
                case .wouldBlock: return
                case .peerClosed: return finish()
                }
            }
            while offset < size {
                switch try socket.sendfile(from: file, offset: offset, count: Int(size - offset)) {
                case .bytes(0): return finish()
                case .bytes(let count): offset += Int64(count)
                case .wouldBlock: return
                case .peerClosed: return finish()
                }
            }
            finish()
        } catch {
            Issue.record("send failed: \(error)")
            finish()
        }
    }

    private func sendWithWritev(_ body: [UInt8]) throws {
        // head and body are written together; track the total.
        let total = head.count + body.count
        while Int(offset) < total {
            let done = Int(offset)
            let result = try head.withUnsafeBytes { headBytes in
                try body.withUnsafeBytes { bodyBytes in
                    let headRest = UnsafeRawBufferPointer(rebasing: headBytes[min(done, headBytes.count)...])
                    let bodyRest = UnsafeRawBufferPointer(rebasing: bodyBytes[max(0, done - headBytes.count)...])
                    return try socket.writev(headRest, bodyRest)
                }
            }
            switch result {
            case .bytes(let count): offset += Int64(count)
            case .wouldBlock: return
            case .peerClosed: return finish()
            }
        }
        finish()
    }

    func hangup() { finish() }

    private func finish() {
        loop.unregisterAndClose(socket.descriptor)
        file.closeIgnoringErrors()
    }
}

@Suite struct SendfileTests {
    @Test(arguments: [0, 1, 4096, 3 * 1024 * 1024 + 17])
    func sendfile_deliversIdenticalBytes(size: Int) throws {
        let directory = try TestFiles.makeDirectory()
        defer { TestFiles.removeTree(directory) }
        let path = directory + "/payload.bin"
        let content = patternBytes(count: size, seed: UInt64(size) + 1)
        try TestFiles.write(content, to: path)
        let head = Array("HEAD \(size)\r\n\r\n".utf8)

        let listener = try Listener(address: .loopbackIPv4(port: 0))
        let runner = try LoopThread(name: "sendfile") { loop in
            _ = try Acceptor(listener: listener, loop: loop, onAccept: { accepted in
                do {
                    let file = try FileSystem.openForReading(path)
                    let status = try FileSystem.fstat(file)
                    _ = try FileSender(socket: accepted.socket, loop: loop, head: head, file: file, size: status.size)
                } catch {
                    Issue.record("open failed: \(error)")
                }
            }, onError: { Issue.record("accept failed: \($0)") })
        }
        defer { runner.shutdown() }

        let client = try connectClient(to: listener.boundAddress)
        defer { try? client.close() }
        let (received, closed) = try readToEnd(client, limit: head.count + size)
        #expect(closed)
        #expect(received.count == head.count + size)
        #expect(Array(received.prefix(head.count)) == head)
        #expect(Array(received.dropFirst(head.count)) == content)
    }

    @Test func writev_sendsHeadAndBodyInOrder() throws {
        let head = Array("HTTP/1.1 200 OK\r\nContent-Length: 300000\r\n\r\n".utf8)
        let body = patternBytes(count: 300_000, seed: 99)
        let listener = try Listener(address: .loopbackIPv6(port: 0))
        let runner = try LoopThread(name: "writev") { loop in
            _ = try Acceptor(listener: listener, loop: loop, onAccept: { accepted in
                _ = try? FileSender(socket: accepted.socket, loop: loop, head: head, file: FileDescriptor(rawValue: -1), size: 0, body: body)
            }, onError: { Issue.record("accept failed: \($0)") })
        }
        defer { runner.shutdown() }
        let client = try connectClient(to: listener.boundAddress)
        defer { try? client.close() }
        let (received, closed) = try readToEnd(client, limit: head.count + body.count)
        #expect(closed)
        #expect(received == head + body)
    }

    @Test func sendfile_reportsZeroWhenTheFileIsShorterThanAsked() throws {
        let directory = try TestFiles.makeDirectory()
        defer { TestFiles.removeTree(directory) }
        let path = directory + "/short.bin"
        try TestFiles.write([1, 2, 3], to: path)
        let listener = try Listener(address: .loopbackIPv4(port: 0))
        defer { try? listener.close() }
        let client = try connectClient(to: listener.boundAddress)
        defer { try? client.close() }
        var accepted: Listener.Accepted?
        let deadline = SystemClock.monotonicMilliseconds() + Int64(testTimeoutMilliseconds)
        while accepted == nil, SystemClock.monotonicMilliseconds() < deadline {
            if case .done(let connection) = try listener.accept() { accepted = connection }
        }
        let server = try #require(accepted).socket
        defer { try? server.close() }
        let file = try FileSystem.openForReading(path)
        defer { file.closeIgnoringErrors() }
        #expect(try server.sendfile(from: file, offset: 0, count: 10) == .bytes(3))
        #expect(try server.sendfile(from: file, offset: 3, count: 7) == .bytes(0))
        #expect(try read(client, count: 3) == [1, 2, 3])
    }
}
