import RequestPolicy
import Transport

/// The part of proxying that an exchange and a tunnel share: the two endpoints (the client's
/// stream, plain or TLS, and the upstream socket) registered on the loop, one bounded buffer per
/// direction, the epoll interest derived from what each side can do now, the one timer (a stalled
/// send, or silence for `idleTimeout`), end-of-stream passed on as a half-close, the teardown and
/// the open-connection count (`LoopContext.takeoverEnded`). What the bytes mean belongs to the
/// owner (`ProxyRelayOwner`).
///
/// Every event runs the same way: the relay reads or writes, tells its owner what arrived or
/// ended, calls `progressed()` so the owner can finish, reads what a TLS stream already holds
/// decrypted (epoll never reports it), then sets the interest. A stream may wait for the other
/// readiness than the operation suggests (TLS may have to read to write, and the reverse), so the
/// client's interest follows what its stream last asked for. Loop thread only.
final class ProxyRelay {
    /// The reads made from a side that hung up, to collect what it sent before its end.
    static let maxReadsOnHangup = 16

    /// The loop's services (limits, logs, the connection count).
    let context: LoopContext
    /// The client's stream, owned by the relay from `start` on.
    let client: any ConnectionStream
    /// What the bytes mean; weak because the owner holds the relay (and the endpoints hold the owner).
    private(set) weak var owner: (any ProxyRelayOwner)?
    /// How long the timer runs while nothing waits to be sent.
    let idleTimeout: Int64
    /// Whether an end of stream is passed on as a half-close once its direction is delivered.
    var passesEnds = false
    /// Client → upstream.
    private(set) var toUpstream = ProxyDirection()
    /// Upstream → client.
    private(set) var toClient = ProxyDirection()
    /// The connection to the origin or tunnel destination, once connected.
    private(set) var upstream: Socket?
    /// Both sides are closed or handed back.
    private(set) var isFinished = false

    /// The client's loop.
    let loop: EventLoop
    /// The client's stream is registered on the loop (a side that hung up is unregistered, its
    /// descriptor kept until the teardown).
    var clientRegistered = false
    /// The upstream socket is registered on the loop.
    var upstreamRegistered = false
    /// The readiness the client's stream asked for when a read last could not go on.
    var clientReadWaits: Interest = .readable
    /// The readiness the client's stream asked for when a write last could not go on.
    var clientWriteWaits: Interest = .writable
    /// The timer (`arm`).
    var timer: TimerID?
    private var connector: UpstreamConnector?

    /// A relay for `client`; `idleTimeout` applies while nothing waits to be sent.
    init(client: any ConnectionStream, context: LoopContext, idleTimeout: Int64) {
        self.client = client
        self.context = context
        self.loop = context.loop
        self.idleTimeout = idleTimeout
    }

    // MARK: - Lifecycle

    /// Registers the client's stream for `owner` (no interest yet); false when that failed, and
    /// the stream is then closed.
    func start(owner: any ProxyRelayOwner) -> Bool {
        self.owner = owner
        do {
            try loop.register(client.descriptor, interest: [], handler: endpoint(for: .client, keeping: owner))
            clientRegistered = true
            return true
        } catch {
            close()
            return false
        }
    }

    /// The loop's handler for `side`'s socket: it keeps `owner` (and so this relay) alive while
    /// registered and reports each event here.
    private func endpoint(for side: ProxySide, keeping owner: any ProxyRelayOwner) -> ProxyEndpoint {
        ProxyEndpoint(keeping: owner) { [unowned self] readiness in
            switch readiness {
            case .readable: readable(side)
            case .writable: writable(side)
            case .hangup: hangup(side)
            }
        }
    }

    /// Connects to `target` (taking an idle pooled connection of `poolUser` when one is alive);
    /// the owner hears `connected` once it is over.
    func connect(to target: ProxyTarget, policy: ProxyDestinationPolicy, poolUser: String?? = nil) {
        let connector = UpstreamConnector(loop: loop, target: target, policy: policy, poolUser: poolUser)
        self.connector = connector
        connector.start { [self] result in upstreamConnected(result) }
    }

    private func upstreamConnected(_ result: Result<UpstreamConnector.Connected, ProxyFailure>) {
        // Every way of finishing cancels the connector, and a cancelled one never reports (it
        // closes what it opened itself), so the relay is still running here.
        connector = nil
        guard let owner else {
            if case .success(let connection) = result { connection.socket.descriptor.closeIgnoringErrors() }
            return
        }
        switch result {
        case .failure:
            owner.connected(result)
        case .success(let connection):
            let socket = connection.socket
            if !connection.reused { try? socket.setNoDelay() }
            do {
                try loop.register(socket.descriptor, interest: [], handler: endpoint(for: .upstream, keeping: owner))
            } catch {
                socket.descriptor.closeIgnoringErrors()
                owner.connected(.failure(.connectFailed("\(error)")))
                settle()
                return
            }
            upstream = socket
            upstreamRegistered = true
            arm()
            owner.connected(result)
            flush(towards: .upstream)
            flush(towards: .client)
        }
        settle()
    }

    /// Forgets what the last upstream connection did, for another attempt on a new one: nothing
    /// waits for the origin, which may read again and send again.
    func resetUpstreamDirections() {
        toUpstream = ProxyDirection()
        toClient.sourceEnded = false
    }

    /// Stops a connect in progress and closes the upstream connection, if any.
    func closeUpstream() {
        connector?.cancel()
        connector = nil
        guard let socket = upstream else { return }
        upstream = nil
        if upstreamRegistered { loop.unregisterAndClose(socket.descriptor) } else { socket.descriptor.closeIgnoringErrors() }
        upstreamRegistered = false
    }

    /// Takes the upstream connection off the loop for the pool; nil (and closed) when that failed.
    func releaseUpstream() -> Socket? {
        guard let socket = upstream else { return nil }
        upstream = nil
        defer { upstreamRegistered = false }
        guard upstreamRegistered else { return socket }
        do {
            try loop.unregister(socket.descriptor)
            return socket
        } catch {
            socket.descriptor.closeIgnoringErrors()
            return nil
        }
    }

    /// Closes both sides and gives back the client's place in the connection count.
    func close() {
        guard stop() else { return }
        client.release()
        if clientRegistered { loop.unregisterAndClose(client.descriptor) } else { client.descriptor.closeIgnoringErrors() }
        clientRegistered = false
        context.takeoverEnded(closed: true)
    }

    /// Takes the client's stream off the loop for the HTTP path to take back (keep-alive); false
    /// when that failed, and the stream is then closed.
    func handBack() -> Bool {
        guard clientRegistered, !isFinished else {
            close()
            return false
        }
        do {
            try loop.unregister(client.descriptor)
        } catch {
            close()
            return false
        }
        clientRegistered = false
        _ = stop()
        context.takeoverEnded(closed: false)
        return true
    }

    /// Ends the relay's own work (timer, connect, upstream); false when it already ended.
    private func stop() -> Bool {
        guard !isFinished else { return false }
        isFinished = true
        if let timer { loop.cancel(timer) }
        timer = nil
        closeUpstream()
        return true
    }

    // MARK: - Queueing

    /// Queues `bytes` for `side` (dropped when it takes no more); they go out with the next flush.
    func queue(_ bytes: UnsafeRawBufferPointer, towards side: ProxySide) {
        withDirection(towards: side) { if !$0.destinationClosed { $0.buffer.append(bytes) } }
    }

    /// Queues `bytes` for `side` (dropped when it takes no more).
    func queue(_ bytes: [UInt8], towards side: ProxySide) {
        bytes.withUnsafeBytes { queue($0, towards: side) }
    }

    /// Queues `bytes` for `side` and writes what it takes now.
    func send(_ bytes: [UInt8], to side: ProxySide) {
        queue(bytes, towards: side)
        flush(towards: side)
    }

    /// Drops what waits for `side`.
    func dropQueued(towards side: ProxySide) {
        withDirection(towards: side) { $0.buffer.removeAll() }
    }

    /// The direction whose source is `side`.
    func direction(from side: ProxySide) -> ProxyDirection {
        switch side {
        case .client: toUpstream
        case .upstream: toClient
        }
    }

    /// Runs `body` on the direction towards `side`.
    func withDirection<R>(towards side: ProxySide, _ body: (inout ProxyDirection) -> R) -> R {
        switch side {
        case .client: body(&toClient)
        case .upstream: body(&toUpstream)
        }
    }

    /// Whether `side` is registered on the loop.
    func isAttached(_ side: ProxySide) -> Bool {
        switch side {
        case .client: clientRegistered
        case .upstream: upstreamRegistered
        }
    }
}
