import Dispatch
import Glibc
import Protection
import RequestPolicy
import Synchronization
import Transport

/// Opens the proxy's connection to an origin: resolves the name off the loop thread (a numeric
/// host needs no look-up), refuses the destination unless every address is allowed, then connects
/// without blocking, trying the addresses in order; the whole must finish within
/// `ProxyLimits.connectTimeout`. Reports exactly once, on the loop thread, unless cancelled.
final class UpstreamConnector: EventHandler {
    /// A connection to the origin: the socket (registered nowhere, owned by the receiver), the
    /// address it reaches, and whether it came from the pool (an origin may have closed it just
    /// now, so a request that got no answer on it may be retried on a new one).
    struct Connected {
        /// The socket.
        let socket: Socket
        /// The origin's address.
        let address: SocketAddress
        /// Taken from `UpstreamPool` rather than newly connected.
        let reused: Bool
    }

    /// The connection, or why there is none.
    typealias Completion = (Result<Connected, ProxyFailure>) -> Void

    /// Look-ups in progress across every loop (each holds a thread in `getaddrinfo`).
    private static let resolutionsInFlight = Atomic<Int>(0)
    /// Where look-ups run: they block, so never on a loop thread.
    private static let resolverQueue = DispatchQueue(label: "gatehouse.proxy.resolver", attributes: .concurrent)

    private let loop: EventLoop
    private let target: ProxyTarget
    private let policy: ProxyDestinationPolicy
    private var completion: Completion?
    private var timer: TimerID?
    private var candidates: [SocketAddress] = []
    private var connecting: (socket: Socket, address: SocketAddress)?
    /// The pool's user key when an idle connection may be reused (nil: always connect anew).
    private let poolUser: String??
    private var lastError = "no address"
    /// The last attempt timed out in the kernel (`ETIMEDOUT`): a 504 rather than a 502.
    private var lastTimedOut = false

    /// A connector for `target` on `loop`, judged by `policy`. With `poolUser` (the proxy user,
    /// itself optional), an idle pooled connection of that user is taken when one is alive.
    init(loop: EventLoop, target: ProxyTarget, policy: ProxyDestinationPolicy, poolUser: String?? = nil) {
        self.loop = loop
        self.target = target
        self.policy = policy
        self.poolUser = poolUser
    }

    /// Starts; `completion` runs later on the loop thread (never inside this call).
    func start(_ completion: @escaping Completion) {
        self.completion = completion
        timer = loop.schedule(after: ProxyLimits.connectTimeout) { [self] in
            timer = nil
            finish(.failure(.timedOut))
        }
        let host = target.resolvableHost
        guard let port = UInt16(exactly: target.port), port != 0 else {
            post(.failure(.unsupportedTarget("port \(target.port)")))
            return
        }
        if let numeric = try? SocketAddress(parsing: host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)") {
            post(.success([numeric]))
            return
        }
        let running = UpstreamConnector.resolutionsInFlight.add(1, ordering: .relaxed).newValue
        guard running <= ProxyLimits.maxConcurrentResolutions else {
            UpstreamConnector.resolutionsInFlight.subtract(1, ordering: .relaxed)
            post(.failure(.busy))
            return
        }
        let me = UncheckedConnector(self)
        let loop = self.loop
        UpstreamConnector.resolverQueue.async {
            let result: Result<[SocketAddress], ProxyFailure>
            do throws(NameResolver.Failure) {
                result = .success(try NameResolver.resolve(host: host, port: port))
            } catch {
                result = .failure(.unresolvable(error.description))
            }
            UpstreamConnector.resolutionsInFlight.subtract(1, ordering: .relaxed)
            loop.execute { me.connector.resolved(result) }
        }
    }

    /// Stops whatever is in progress; the completion is never called.
    func cancel() {
        completion = nil
        stopConnecting()
    }

    /// Cancels the timer and closes a connection attempt still in progress.
    private func stopConnecting() {
        if let timer { loop.cancel(timer) }
        timer = nil
        if let pending = connecting {
            connecting = nil
            loop.unregisterAndClose(pending.socket.descriptor)
        }
    }

    /// Delivers a numeric address on the next loop turn, so `start` never completes re-entrantly.
    private func post(_ result: Result<[SocketAddress], ProxyFailure>) {
        let me = UncheckedConnector(self)
        loop.execute { me.connector.resolved(result) }
    }

    private func resolved(_ result: Result<[SocketAddress], ProxyFailure>) {
        guard completion != nil else { return }
        switch result {
        case .failure(let failure):
            finish(.failure(failure))
        case .success(let addresses):
            let numeric = addresses.map { ClientAddress(bytes: $0.addressBytes) }
            if let refused = policy.firstRefused(numeric, host: target.resolvableHost) {
                finish(.failure(.destinationRefused(refused)))
                return
            }
            candidates = addresses
            connectNext()
        }
    }

    /// Tries the next address; reports the last error when none is left.
    private func connectNext() {
        while completion != nil, !candidates.isEmpty {
            let address = candidates.removeFirst()
            if let user = poolUser, let socket = takeLive(UpstreamPool.Key(address: address, user: user)) {
                finish(.success(Connected(socket: socket, address: address, reused: true)))
                return
            }
            do {
                let (socket, state) = try Socket.beginConnect(to: address)
                switch state {
                case .done:
                    finish(.success(Connected(socket: socket, address: address, reused: false)))
                    return
                case .wouldBlock:
                    do {
                        try loop.register(socket.descriptor, interest: .writable, handler: self)
                    } catch {
                        socket.descriptor.closeIgnoringErrors()
                        note(error)
                        continue
                    }
                    connecting = (socket, address)
                    return
                }
            } catch {
                note(error)
            }
        }
        finish(.failure(lastTimedOut ? .timedOut : .connectFailed(lastError)))
    }

    /// The connect finished (writable) or failed (error/hang-up): `SO_ERROR` says which.
    private func connectEnded() {
        guard let pending = connecting else { return }
        connecting = nil
        let (socket, address) = pending
        do {
            try loop.unregister(socket.descriptor)
            try socket.finishConnect()
            finish(.success(Connected(socket: socket, address: address, reused: false)))
        } catch {
            socket.descriptor.closeIgnoringErrors()
            note(error)
            connectNext()
        }
    }

    /// The connecting socket is writable: the connect is over.
    func writable() { connectEnded() }
    /// Not watched for reading.
    func readable() { connectEnded() }
    /// The connect failed.
    func hangup() { connectEnded() }

    /// A pooled connection the origin has not closed: a read must find nothing (an idle
    /// connection has nothing to say; end of stream or stray bytes mean it is unusable).
    private func takeLive(_ key: UpstreamPool.Key) -> Socket? {
        while let socket = UpstreamPool.shared.take(key, now: loop.now) {
            let probe = UnsafeMutableRawBufferPointer(rebasing: loop.readBuffer[..<1])
            if case .wouldBlock? = try? socket.read(into: probe) { return socket }
            socket.descriptor.closeIgnoringErrors()
        }
        return nil
    }

    private func finish(_ result: Result<Connected, ProxyFailure>) {
        guard let done = completion else {
            if case .success(let connection) = result { connection.socket.descriptor.closeIgnoringErrors() }
            return
        }
        completion = nil
        stopConnecting()
        done(result)
    }

    /// Keeps a short reason for the error log and page (`connection refused`).
    private func note(_ error: Errno) {
        lastError = error.message.lowercased()
        lastTimedOut = error.code == ETIMEDOUT
    }
}

/// Carries a connector into a job posted back to its loop (`EventLoop.execute`); it is only
/// touched there.
private struct UncheckedConnector: @unchecked Sendable {
    let connector: UpstreamConnector
    init(_ connector: UpstreamConnector) { self.connector = connector }
}
