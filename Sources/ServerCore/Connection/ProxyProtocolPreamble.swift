import HTTPWire
import Protection
import Transport

/// Reads the PROXY protocol header (HAProxy's v1 text or v2 binary) that a load balancer sends
/// first on a listener marked `ProxyProtocol On` / `,proxy-protocol`, then hands the socket on
/// with the client address it names. Only header bytes are taken from the socket (what follows —
/// a TLS ClientHello, an HTTP request — stays for the next stage): the bytes are peeked, and
/// consumed up to the header's end. A malformed or missing header, or one that does not arrive
/// within `HeadTimeout`, closes the connection; a peer outside `TrustedProxy` is never read.
final class ProxyProtocolPreamble: EventHandler {
    private let context: LoopContext
    private let socket: Socket
    private let peer: ClientAddress
    private let slot: ConnectionSlot
    private let done: (Socket, ClientAddress) -> Void
    /// Header bytes consumed so far (a header that arrived in pieces).
    private var header: [UInt8] = []
    private var timer: TimerID?
    private var finished = false

    /// Starts waiting for the header of `socket` from `peer`; `done` gets the socket and the
    /// client address (the header's source, or the peer for `LOCAL`/`UNKNOWN`).
    init(context: LoopContext, socket: Socket, peer: ClientAddress, slot: ConnectionSlot, done: @escaping (Socket, ClientAddress) -> Void) {
        self.context = context
        self.socket = socket
        self.peer = peer
        self.slot = slot
        self.done = done
    }

    /// Registers for the header, or refuses a peer that is not a trusted proxy.
    func start() throws(Errno) {
        let settings = context.served().0.settings
        guard settings.trustedProxies.contains(where: { $0.matches(peer) }) else {
            throw Errno.permissionDenied
        }
        try context.loop.register(socket.descriptor, interest: .readable, handler: self)
        timer = context.loop.schedule(after: context.limits.headTimeout) { [weak self] in
            self?.timer = nil
            self?.fail()
        }
    }

    func readable() {
        guard !finished else { return }
        let buffer = UnsafeMutableRawBufferPointer(rebasing: context.loop.readBuffer[..<min(context.loop.readBuffer.count, 4096)])
        guard case .bytes(let n)? = try? socket.peek(into: buffer) else { return fail() }
        let seen = header + buffer[..<n]
        switch ProxyProtocolHeader.parse(seen) {
        case .invalid:
            fail()
        case .needMore:
            // Everything seen so far is header: take it, so the socket is drained and epoll
            // reports only new bytes.
            guard take(n) else { return fail() }
            header += buffer[..<n]
        case .parsed(let parsed, let consumed):
            guard take(consumed - header.count) else { return fail() }
            let client = parsed.addresses.map { ClientAddress(bytes: $0.source.address.bytes) } ?? peer
            finish()
            do {
                try context.loop.unregister(socket.descriptor)
            } catch {
                return close()
            }
            done(socket, client)
        }
    }

    func writable() {}

    func hangup() { fail() }

    /// Reads exactly `count` bytes the peek saw.
    private func take(_ count: Int) -> Bool {
        guard count > 0 else { return true }
        let buffer = UnsafeMutableRawBufferPointer(rebasing: context.loop.readBuffer[..<count])
        guard case .bytes(let n)? = try? socket.read(into: buffer) else { return false }
        return n == count
    }

    private func finish() {
        finished = true
        if let timer { context.loop.cancel(timer) }
        timer = nil
    }

    private func fail() {
        guard !finished else { return }
        finish()
        close()
    }

    private func close() {
        context.loop.unregisterAndClose(socket.descriptor)
        slot.release()
    }
}
