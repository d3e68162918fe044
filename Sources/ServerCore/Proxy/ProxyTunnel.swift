import HTTPWire
import Protection
import Transport

/// A `CONNECT host:port` tunnel after the Gate allowed it (RFC 9110 §9.3.6): connects to the
/// destination, answers `200 Connection established`, then relays bytes both ways. Each
/// direction holds at most `ProxyLimits.bufferBytes` (reading stops while the other side's buffer
/// is full). An end of stream on one side is passed on as a half-close once its bytes are
/// delivered; the tunnel closes when both directions have ended, when either side fails, or
/// after `ProxyLimits.tunnelIdleTimeout` without traffic.
///
/// Owned by the loop while its sockets are registered; every method runs on the loop thread.
final class ProxyTunnel: ProxyEndpointOwner {
    /// One direction's state: bytes read from `source` wait in `buffer` for the other socket.
    private struct Direction {
        var buffer = ProxyBuffer()
        /// The source sent end of stream (or failed).
        var ended = false
        /// The end was passed on (`shutdown(SHUT_WR)` on the destination).
        var shutDown = false
        /// Bytes relayed.
        var bytes = 0
    }

    /// Reads made from a side that hung up, to collect what it sent before its end.
    static let maxReadsOnHangup = 16

    private let request: ProxyRequest
    private let context: LoopContext
    private let loop: EventLoop
    private let client: any ConnectionStream
    /// When the tunnel was asked for (for the log).
    private let started: Int64
    private let clientAddress: ClientAddress
    private var connector: UpstreamConnector?
    private var upstream: Socket?
    /// Client → destination.
    private var up = Direction()
    /// Destination → client.
    private var down = Direction()
    /// Registered with the loop (a side that hung up is unregistered, its descriptor kept).
    private var clientRegistered = false
    private var upstreamRegistered = false
    /// The tunnel is open (the 200 is queued).
    private var established = false
    /// An error page is queued: close once it is sent.
    private var closing = false
    private var status: Int?
    /// Body bytes of an error page (the access log's bytes when the tunnel never opened).
    private var errorBodyBytes = 0
    private var finished = false
    private var timer: TimerID?

    /// A tunnel for `request` over the client's socket (registered by `start`).
    init(request: ProxyRequest, client: any ConnectionStream, clientAddress: ClientAddress, context: LoopContext) {
        self.request = request
        self.context = context
        self.loop = context.loop
        self.client = client
        self.started = context.requestClock
        self.clientAddress = clientAddress
    }

    /// Registers the client socket, keeps what the client sent early (a TLS ClientHello may
    /// follow the CONNECT head at once) and starts connecting.
    func start(leftover: [UInt8]) {
        do {
            try loop.register(client.descriptor, interest: [], handler: ProxyEndpoint(self, side: .client))
            clientRegistered = true
        } catch {
            finished = true
            closeSockets()
            return
        }
        up.buffer.append(leftover)
        up.bytes += leftover.count
        let connector = UpstreamConnector(loop: loop, target: request.target, policy: request.policy)
        self.connector = connector
        connector.start { [self] result in connected(result) }
    }

    // MARK: - Events

    /// Reads from `side` into the other side's buffer.
    func readable(_ side: ProxyEndpoint.Side) {
        relay(from: side)
        afterProgress()
    }

    /// Writes `side`'s buffer.
    func writable(_ side: ProxyEndpoint.Side) {
        flush(side)
        afterProgress()
    }

    /// `side` failed, or both its directions are shut: read what it still holds, then stop
    /// watching it (level-triggered hang-ups repeat otherwise).
    func hangup(_ side: ProxyEndpoint.Side) {
        guard established else {
            // The client left while the destination was being reached.
            if side == .client { finish() }
            return
        }
        for _ in 0..<ProxyTunnel.maxReadsOnHangup where relay(from: side) {}
        guard !finished else { return }
        switch side {
        case .client:
            if clientRegistered {
                try? loop.unregister(client.descriptor)
                clientRegistered = false
            }
            if !up.ended { up.ended = true }
            // Nothing can be delivered to a socket that hung up.
            down.buffer.removeAll()
            down.ended = true
            down.shutDown = true
        case .upstream:
            if let upstream, upstreamRegistered {
                try? loop.unregister(upstream.descriptor)
                upstreamRegistered = false
            }
            down.ended = true
            up.buffer.removeAll()
            up.ended = true
            up.shutDown = true
        }
        afterProgress()
    }

    // MARK: - Relay

    private func connected(_ result: Result<UpstreamConnector.Connected, ProxyFailure>) {
        // Every way of finishing cancels the connector, and a cancelled one never reports (it
        // closes what it opened itself), so the owner is still running here.
        connector = nil
        switch result {
        case .failure(let failure):
            fail(failure)
        case .success(let connection):
            let socket = connection.socket
            try? socket.setNoDelay()
            if let failure = registerUpstream(socket, on: loop) {
                fail(failure)
                return
            }
            upstream = socket
            upstreamRegistered = true
            established = true
            status = HTTPStatus.ok.code
            let version = request.head.version == .http10 ? "HTTP/1.0" : "HTTP/1.1"
            down.buffer.append(Array("\(version) 200 Connection established\r\n\r\n".utf8))
            flush(.upstream)
            flush(.client)
            afterProgress()
        }
    }

    /// Reads once from `side` into the buffer towards the other side, if it has room; true when
    /// bytes arrived.
    @discardableResult
    private func relay(from side: ProxyEndpoint.Side) -> Bool {
        guard !finished, established else { return false }
        switch side {
        case .client:
            guard !up.ended, up.buffer.space > 0 else { return false }
        case .upstream:
            guard upstream != nil, !down.ended, down.buffer.space > 0 else { return false }
        }
        let buffer = loop.readBuffer
        let space = side == .client ? up.buffer.space : down.buffer.space
        let into = UnsafeMutableRawBufferPointer(rebasing: buffer[..<min(buffer.count, space)])
        let result: Transfer
        switch side {
        case .client:
            switch client.read(into: into) {
            case .bytes(let n): result = .bytes(n)
            case .wouldBlock: result = .wouldBlock
            case .closed: result = .peerClosed
            }
        case .upstream:
            result = (try? upstream?.read(into: into)) ?? .peerClosed
        }
        var arrived = false
        switch result {
        case .wouldBlock:
            return false
        case .peerClosed:
            if side == .client { up.ended = true } else { down.ended = true }
        case .bytes(let n):
            arrived = true
            let bytes = UnsafeRawBufferPointer(rebasing: buffer[..<n])
            if side == .client {
                up.buffer.append(bytes)
                up.bytes += n
            } else {
                down.buffer.append(bytes)
                down.bytes += n
            }
            arm()
        }
        flush(side == .client ? .upstream : .client)
        return arrived
    }

    /// Writes what waits for `side`; once a direction's source ended and its bytes are out,
    /// passes the end on with a half-close.
    private func flush(_ side: ProxyEndpoint.Side) {
        guard !finished else { return }
        if side == .upstream && upstream == nil { return }
        var direction = side == .client ? down : up
        defer {
            if side == .client { down = direction } else { up = direction }
        }
        if !direction.buffer.isEmpty && !direction.shutDown {
            let result: Transfer
            switch side {
            case .client: result = direction.buffer.write(to: client)
            case .upstream: result = upstream.flatMap { try? direction.buffer.write(to: $0) } ?? .peerClosed
            }
            switch result {
            case .bytes(let n):
                if n > 0 { arm() }
            case .wouldBlock:
                break
            case .peerClosed:
                direction.buffer.removeAll()
                direction.shutDown = true
            }
        }
        if direction.ended && direction.buffer.isEmpty && !direction.shutDown && !closing {
            switch side {
            case .client: client.shutdownWrite()
            case .upstream: try? upstream?.shutdown(.write)
            }
            direction.shutDown = true
        }
    }

    /// After any event: close when done, else watch what can make progress.
    private func afterProgress() {
        guard !finished else { return }
        if closing {
            if down.buffer.isEmpty { finish() } else { update() }
            return
        }
        // A destination that stopped reading while the client still sends (or the reverse)
        // cannot be repaired: only a clean end in both directions keeps the other one going.
        let upDone = up.ended && up.buffer.isEmpty || up.shutDown
        let downDone = down.ended && down.buffer.isEmpty || down.shutDown
        if established && upDone && downDone {
            finish()
            return
        }
        if established && (up.shutDown && !up.ended || down.shutDown && !down.ended) {
            finish()
            return
        }
        update()
    }

    private func fail(_ failure: ProxyFailure) {
        context.logs.error("proxy CONNECT \(request.url): \(failure.detail)", client: clientAddress.description)
        let page = request.errorResponse(failure.status, detail: failure.detail, context: context)
        status = failure.status.code
        errorBodyBytes = page.bodyLength
        up.buffer.removeAll()
        down.buffer.removeAll()
        down.buffer.append(page.bytes)
        closing = true
        flush(.client)
        afterProgress()
    }

    // MARK: - Plumbing

    private func update() {
        var wanted: Interest = []
        if established && !up.ended && up.buffer.space > 0 { wanted.insert(.readable) }
        if !down.buffer.isEmpty && !down.shutDown { wanted.insert(.writable) }
        // The loop makes a system call only when the interest changes.
        if clientRegistered {
            do {
                try loop.setInterest(wanted, for: client.descriptor)
            } catch {
                finish()
                return
            }
        }
        guard let upstream, upstreamRegistered else { return }
        wanted = []
        if !down.ended && down.buffer.space > 0 { wanted.insert(.readable) }
        if !up.buffer.isEmpty && !up.shutDown { wanted.insert(.writable) }
        do {
            try loop.setInterest(wanted, for: upstream.descriptor)
        } catch {
            finish()
        }
    }

    /// Restarts the timer: a stalled send (30 s by default) or an idle tunnel.
    private func arm() {
        let sending = !down.buffer.isEmpty || !up.buffer.isEmpty
        let milliseconds = sending ? context.limits.sendTimeout : ProxyLimits.tunnelIdleTimeout
        if let timer, loop.reschedule(timer, after: milliseconds) { return }
        timer = loop.schedule(after: milliseconds) { [self] in
            timer = nil
            finish()
        }
    }

    /// Closes both sides and logs the tunnel: status 200 (or the error sent) and the bytes
    /// relayed to the client.
    private func finish() {
        guard !finished else { return }
        finished = true
        if let timer { loop.cancel(timer) }
        timer = nil
        connector?.cancel()
        connector = nil
        request.log(status: status, bytes: established ? down.bytes : errorBodyBytes, received: established ? up.bytes : nil, client: clientAddress,
                    started: started, context: context)
        closeSockets()
    }

    private func closeSockets() {
        if let upstream {
            self.upstream = nil
            if upstreamRegistered { loop.unregisterAndClose(upstream.descriptor) } else { upstream.descriptor.closeIgnoringErrors() }
            upstreamRegistered = false
        }
        client.release()
        if clientRegistered { loop.unregisterAndClose(client.descriptor) } else { client.descriptor.closeIgnoringErrors() }
        clientRegistered = false
        context.takeoverEnded(closed: true)
    }
}
