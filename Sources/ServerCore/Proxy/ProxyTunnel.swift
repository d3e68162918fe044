import HTTPWire
import Protection
import Transport

/// A `CONNECT host:port` tunnel after the Gate allowed it (RFC 9110 §9.3.6), on a `ProxyRelay`:
/// owns what makes it a tunnel — `200 Connection established` once the destination is reached
/// (or the error page when it is not), then bytes relayed unchanged both ways, an end of stream
/// passed on as a half-close once its bytes are delivered. It closes when both directions have
/// ended, when either side fails, or after `ProxyLimits.tunnelIdleTimeout` without traffic.
///
/// Kept alive by the relay's endpoints while they are registered; every method runs on the loop
/// thread.
final class ProxyTunnel: ProxyRelayOwner {
    /// The client and destination sockets, buffers, interest, timer and teardown.
    let relay: ProxyRelay
    private let request: ProxyRequest
    private let context: LoopContext
    /// When the tunnel was asked for (for the log).
    private let started: Int64
    private let clientAddress: ClientAddress
    /// The tunnel is open (the 200 is queued).
    private var established = false
    /// An error page is queued: close once it is sent.
    private var closing = false
    private var status: Int?
    /// Body bytes of an error page (the access log's bytes when the tunnel never opened).
    private var errorBodyBytes = 0
    /// Bytes relayed client → destination (the log's received bytes), and back.
    private var bytesUp = 0
    private var bytesDown = 0

    /// A tunnel for `request` over the client's stream (registered by `start`).
    init(request: ProxyRequest, client: any ConnectionStream, clientAddress: ClientAddress, context: LoopContext) {
        relay = ProxyRelay(client: client, context: context, idleTimeout: ProxyLimits.tunnelIdleTimeout)
        self.request = request
        self.context = context
        self.started = context.requestClock
        self.clientAddress = clientAddress
    }

    /// Registers the client's stream, keeps what the client sent early (a TLS ClientHello may
    /// follow the CONNECT head at once) and starts connecting.
    func start(leftover: [UInt8]) {
        guard relay.start(owner: self) else { return }
        relay.queue(leftover, towards: .upstream)
        bytesUp += leftover.count
        relay.connect(to: request.target, policy: request.policy)
        relay.settle()
    }

    // MARK: - Relay events

    /// Once open, as much as the other side's buffer holds; nothing before.
    func readLimit(from side: ProxySide) -> Int {
        established ? relay.direction(from: side).buffer.space : 0
    }

    /// Bytes go to the other side unchanged.
    func received(_ bytes: UnsafeRawBufferPointer, from side: ProxySide) {
        relay.queue(bytes, towards: side.other)
        switch side {
        case .client: bytesUp += bytes.count
        case .upstream: bytesDown += bytes.count
        }
    }

    /// The relay passes the end on; `progressed` decides when the tunnel is over.
    func ended(_ side: ProxySide) {}

    /// The destination is reached: the 200 goes out (after it, whatever the client sent early
    /// goes up); or the client gets the error page.
    func connected(_ result: Result<UpstreamConnector.Connected, ProxyFailure>) {
        switch result {
        case .failure(let failure):
            fail(failure)
        case .success:
            established = true
            status = HTTPStatus.ok.code
            relay.passesEnds = true
            let version = request.head.version == .http10 ? "HTTP/1.0" : "HTTP/1.1"
            relay.queue(Array("\(version) 200 Connection established\r\n\r\n".utf8), towards: .client)
        }
    }

    /// A stalled send or an idle tunnel is closed.
    func timedOut() { finish() }

    /// Closes once the error page is out, once the client left before the tunnel opened, once
    /// both directions ended cleanly, or as soon as one destination went away while its source
    /// may still send (that cannot be repaired: only a clean end keeps the other way going).
    func progressed() {
        if closing {
            if relay.toClient.buffer.isEmpty { finish() }
            return
        }
        guard established else {
            if relay.toClient.destinationClosed { finish() }
            return
        }
        let up = relay.toUpstream
        let down = relay.toClient
        if up.isDone && down.isDone || up.isBroken || down.isBroken { finish() }
    }

    private func fail(_ failure: ProxyFailure) {
        request.logFailure(failure, client: clientAddress, context: context)
        let page = request.errorResponse(failure.status, detail: failure.detail, context: context)
        status = failure.status.code
        errorBodyBytes = page.bodyLength
        relay.dropQueued(towards: .upstream)
        relay.dropQueued(towards: .client)
        closing = true
        relay.send(page.bytes, to: .client)
    }

    /// Closes both sides and logs the tunnel: status 200 (or the error sent) and the bytes
    /// relayed to the client.
    private func finish() {
        guard !relay.isFinished else { return }
        request.log(status: status, bytes: established ? bytesDown : errorBodyBytes, received: established ? bytesUp : nil,
                    client: clientAddress, started: started, context: context)
        relay.close()
    }
}
