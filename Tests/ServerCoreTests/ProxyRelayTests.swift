import Protection
import Testing
import Transport
@testable import ServerCore

/// `ProxyRelay` on the client side, without a running loop: a scripted stream that behaves as
/// TLS does (a write may wait for readability, a read for writability, decrypted bytes may wait
/// unseen by epoll), the interest the loop is asked for, hang-ups and the teardown's accounting.
/// The data path through real sockets is `EndToEndTests/ProxyTests`.
struct ProxyRelayTests {
    /// What the scripted stream answers to a read.
    enum ReadAnswer {
        case data([UInt8])
        case wouldBlock(Interest)
        case closed
    }

    /// A client stream answering from a script. Its descriptor is a real one (a listening
    /// socket nobody connects to) so that the loop can register it, but nothing is read from it.
    final class ScriptedStream: ConnectionStream {
        let listener: Listener
        /// Decrypted bytes held, read before the script.
        var buffered: [UInt8] = []
        var reads: [ReadAnswer] = []
        /// What writes answer in turn; once empty, a write takes everything.
        var writes: [StreamResult] = []
        var written: [UInt8] = []
        var writeAttempts = 0
        var released = false
        /// The connection's place in the counts, as the acceptor gives every stream.
        var slot: ConnectionSlot?

        init() throws { listener = try Listener(address: .loopbackIPv4(port: 0)) }

        var descriptor: FileDescriptor { listener.descriptor }
        var isTLS: Bool { true }
        var hasBufferedInput: Bool { !buffered.isEmpty }

        func read(into buffer: UnsafeMutableRawBufferPointer) -> StreamResult {
            if !buffered.isEmpty {
                let n = min(buffer.count, buffered.count)
                buffer.copyBytes(from: buffered[..<n])
                buffered.removeFirst(n)
                return .bytes(n)
            }
            guard !reads.isEmpty else { return .wouldBlock(.readable) }
            switch reads.removeFirst() {
            case .data(let bytes):
                buffer.copyBytes(from: bytes)
                return .bytes(bytes.count)
            case .wouldBlock(let interest):
                return .wouldBlock(interest)
            case .closed:
                return .closed
            }
        }

        func write(_ bytes: UnsafeRawBufferPointer, more: Bool) -> StreamResult {
            writeAttempts += 1
            let answer = writes.isEmpty ? .bytes(bytes.count) : writes.removeFirst()
            if case .bytes(let n) = answer { written += bytes[..<n] }
            return answer
        }

        func sendFile(_ file: FileDescriptor, offset: Int64, count: Int) -> StreamResult { .closed }
        func shutdownWrite() {}
        func release() {
            released = true
            slot?.release()
        }
    }

    /// An owner that records what the relay tells it and reads from the client up to `limit`.
    final class RecordingOwner: ProxyRelayOwner {
        let relay: ProxyRelay
        var limit = 0
        var received: [UInt8] = []
        var ended: [ProxySide] = []

        init(_ relay: ProxyRelay) { self.relay = relay }

        func readLimit(from side: ProxySide) -> Int { side == .client ? limit : 0 }
        func received(_ bytes: UnsafeRawBufferPointer, from side: ProxySide) { received += bytes }
        func ended(_ side: ProxySide) { ended.append(side) }
        func connected(_ result: Result<UpstreamConnector.Connected, ProxyFailure>) {}
        func timedOut() {}
        func progressed() {}
    }

    let tree: TempTree
    let loop: TestLoop
    let stream: ScriptedStream
    let owner: RecordingOwner

    init() throws {
        tree = try TempTree()
        loop = try TestLoop(tree)
        stream = try ScriptedStream()
        owner = RecordingOwner(ProxyRelay(client: stream, context: loop.context, idleTimeout: ProxyLimits.responseTimeout))
        // As the acceptor does when it admits the connection, and the driver before handing it over.
        _ = loop.context.openConnections.increment()
        stream.slot = ConnectionSlot(address: ClientAddress(bytes: [127, 0, 0, 1]), open: loop.context.openConnections, perAddress: nil)
        loop.context.takeoverStarted()
        guard owner.relay.start(owner: owner) else { throw TestLoop.Unexpected(description: "the stream was not registered") }
    }

    var interest: Interest? { loop.context.loop.interest(for: stream.descriptor) }

    @Test func writeWaitingForReadability_watchesReadableAndRetriesWhenReadable() {
        stream.writes = [.wouldBlock(.readable)]
        owner.relay.send(Array("page".utf8), to: .client)
        owner.relay.settle()
        #expect(interest == .readable, "the stream asked to read before it can write")
        owner.relay.writable(.client)
        #expect(stream.writeAttempts == 1, "writability is not what the write waits for")
        owner.relay.readable(.client)
        #expect(stream.written == Array("page".utf8))
        #expect(interest == [])
        owner.relay.close()
    }

    @Test func readWaitingForWritability_watchesWritableAndRetriesWhenWritable() {
        owner.limit = 100
        owner.relay.settle()
        #expect(interest == .readable)
        stream.reads = [.wouldBlock(.writable), .data(Array("hi".utf8))]
        owner.relay.readable(.client)
        #expect(interest == .writable, "the stream asked to write before it can read")
        owner.relay.writable(.client)
        #expect(owner.received == Array("hi".utf8))
        #expect(interest == .readable)
        owner.relay.close()
    }

    @Test func decryptedBytesHeldByTheStream_areReadWithoutAnEvent() {
        stream.buffered = Array("hello".utf8)
        owner.relay.settle()
        #expect(owner.received.isEmpty, "nothing is read while the owner wants nothing")
        owner.limit = 2
        owner.relay.settle()
        #expect(owner.received == Array("hello".utf8))
        #expect(interest == .readable)
        owner.relay.close()
    }

    @Test func endOfStream_isReportedOnceAndStopsReading() {
        owner.limit = 100
        stream.reads = [.data(Array("a".utf8)), .closed]
        owner.relay.readable(.client)
        owner.relay.readable(.client)
        #expect(owner.received == Array("a".utf8) && owner.ended == [.client])
        #expect(owner.relay.toUpstream.sourceEnded)
        #expect(interest == [], "a source that ended is not watched")
        owner.relay.close()
    }

    @Test func hangup_readsWhatIsLeftThenEndsBothWaysAndWithNoSideLeftCloses() {
        owner.limit = 100
        stream.reads = [.data(Array("last".utf8))]
        stream.writes = [.wouldBlock(.writable)]
        owner.relay.send(Array("undeliverable".utf8), to: .client)
        owner.relay.hangup(.client)
        #expect(owner.received == Array("last".utf8))
        #expect(owner.ended == [.client])
        #expect(owner.relay.toClient.destinationClosed && owner.relay.toClient.buffer.isEmpty)
        #expect(owner.relay.isFinished && stream.released, "with no side left registered the relay closes")
        #expect(loop.context.openConnections.current == 0 && loop.context.takeovers == 0)
        owner.relay.hangup(.client)
        #expect(owner.ended == [.client], "reported once")
    }

    @Test func close_releasesTheStreamAndGivesBackItsPlaceOnce() {
        owner.relay.close()
        owner.relay.close()
        #expect(stream.released && owner.relay.isFinished)
        #expect(loop.context.openConnections.current == 0 && loop.context.takeovers == 0)
        #expect(interest == nil)
    }

    @Test func handBack_unregistersButKeepsTheStreamOpenAndCounted() throws {
        #expect(owner.relay.handBack())
        #expect(!stream.released && owner.relay.isFinished)
        #expect(loop.context.openConnections.current == 1 && loop.context.takeovers == 0)
        #expect(interest == nil)
        try stream.listener.close()
    }
}
