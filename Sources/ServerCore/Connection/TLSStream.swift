import HTTPWire
import TLS
import Transport

/// A TLS connection: OpenSSL's session over the accepted socket. The handshake happens inside
/// the first reads; `wouldBlock` carries what OpenSSL waits for. Plain HTTP sent to the TLS port
/// is answered as nginx does, in clear text with 400, and the stream reports itself closed.
final class TLSStream: ConnectionStream {
    /// The session.
    let session: TLSSession
    private var released = false
    /// The session failed: no close_notify may follow.
    private var failed = false
    private let slot: ConnectionSlot?

    /// A server session over `socket` with `context`'s certificates, counted in `slot`.
    init(context: TLSContext, socket: Socket, slot: ConnectionSlot? = nil) throws(TLSError) {
        session = try TLSSession(serving: context, socket: socket)
        self.slot = slot
    }

    var descriptor: FileDescriptor { session.socket.descriptor }
    var isTLS: Bool { true }
    var hasBufferedInput: Bool { !released && !failed && session.hasBufferedInput }

    func read(into buffer: UnsafeMutableRawBufferPointer) -> StreamResult {
        do {
            return Self.map(try session.read(into: buffer))
        } catch where error.kind == .plainHTTPRequest {
            let answer = TLSStream.plainHTTPAnswer()
            _ = answer.withUnsafeBytes { try? session.socket.write($0) }
            return .closed
        } catch {
            // A handshake that failed (old protocol, no shared cipher, garbage): nothing to
            // answer; scanners do this all day, so it is not logged.
            failed = true
            return .closed
        }
    }

    func write(_ bytes: UnsafeRawBufferPointer, more: Bool) -> StreamResult {
        do {
            return Self.map(try session.write(bytes))
        } catch {
            failed = true
            return .closed
        }
    }

    func sendFile(_ file: FileDescriptor, offset: Int64, count: Int) -> StreamResult {
        do {
            return Self.map(try session.sendFile(file, offset: offset, count: count))
        } catch {
            failed = true
            return .closed
        }
    }

    /// A best-effort close_notify (never after a failure).
    func shutdownWrite() {
        guard !released, !failed else { return }
        _ = session.shutdown()
    }

    func release() {
        released = true
        slot?.release()
    }

    @inline(__always)
    private static func map(_ transfer: TLSTransfer) -> StreamResult {
        switch transfer {
        case .bytes(let n): .bytes(n)
        case .wouldBlock(let interest): .wouldBlock(interest)
        case .closed: .closed
        }
    }

    /// nginx's answer to plain HTTP on an HTTPS port: 400 with a page saying so.
    static func plainHTTPAnswer() -> [UInt8] {
        let plan = ResponseBuilder(for: nil, date: HTTPDate.format(Int(SystemClock.wallClock().seconds)))
            .page(.badRequest, detail: "The plain HTTP request was sent to HTTPS port.", close: true, user: nil)
        var bytes = plan.head.bytes
        if case .bytes(let body) = plan.body { bytes += body }
        return bytes
    }
}
