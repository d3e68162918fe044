import HTTPWire
import Protection
import RequestPolicy
import Synchronization
import Transport

/// The running server: one event loop per worker thread, each with its own `SO_REUSEPORT`
/// listener per address; the reloader and the signal handler on the first loop.
public final class Server: Sendable {
    /// How long in-flight requests may take to finish after SIGTERM/SIGINT.
    public static let drainMilliseconds: Int64 = 10_000
    /// How often the reloader looks at the protection files.
    public static let reloadIntervalMilliseconds: Int64 = 1000

    private let configuration: ServerConfiguration
    private let store: ProtectionStore
    private let logs: ServerLogs
    private let contexts: [LoopContext]
    private let openConnections = ConnectionCounter()
    private let throttle = FailureThrottle()
    /// Where the server listens (ports resolved).
    public let boundAddresses: [SocketAddress]

    /// Loads the configuration, opens the logs and binds every listener. Throws a message to print.
    public init(_ configuration: ServerConfiguration) throws(ServerStartError) {
        self.configuration = configuration
        do {
            store = try ProtectionStore(configPath: configuration.configPath)
        } catch {
            throw ServerStartError(error.description)
        }
        let rules = store.state.snapshot.ruleFile
        let accessPath = configuration.accessLog ?? rules.accessLog ?? "-"
        let errorPath = configuration.errorLog ?? rules.errorLog ?? "stderr"
        do {
            logs = try ServerLogs(accessPath: accessPath, errorPath: errorPath)
        } catch {
            throw ServerStartError("cannot open log \(error.path): \(error.errno.message)")
        }
        var addresses = configuration.listen
        if addresses.isEmpty { addresses = [.loopbackIPv4(port: UInt16(rules.port ?? 8080))] }
        Signals.ignoreBrokenPipe()
        _ = try? ProcessLimits.raiseOpenFileLimit()

        // Bind the first worker's listeners first so port 0 resolves to one real port that the
        // other workers then share through SO_REUSEPORT.
        let workers = max(1, configuration.workers)
        var bound: [SocketAddress] = []
        var listenersPerLoop: [[Listener]] = Array(repeating: [], count: workers)
        do {
            for address in addresses {
                let first = try Listener(address: address, reusePort: true)
                bound.append(first.boundAddress)
                listenersPerLoop[0].append(first)
                for w in 1..<workers {
                    listenersPerLoop[w].append(try Listener(address: first.boundAddress, reusePort: true))
                }
            }
        } catch {
            throw ServerStartError("cannot listen: \(error)")
        }
        boundAddresses = bound
        var contexts: [LoopContext] = []
        for _ in 0..<workers {
            do {
                let loop = try EventLoop()
                contexts.append(LoopContext(loop: loop, store: store, logs: logs, openConnections: openConnections, throttle: throttle))
            } catch {
                throw ServerStartError("cannot create event loop: \(error)")
            }
        }
        self.contexts = contexts
        for (i, context) in contexts.enumerated() {
            var list: [Acceptor] = []
            for listener in listenersPerLoop[i] {
                do {
                    list.append(try makeAcceptor(listener, context: context))
                } catch {
                    throw ServerStartError("cannot watch listener: \(error)")
                }
            }
            context.acceptors = list
        }
    }

    private func makeAcceptor(_ listener: Listener, context: LoopContext) throws(Errno) -> Acceptor {
        let logs = self.logs
        let open = openConnections
        return try Acceptor(listener: listener, loop: context.loop, onAccept: { accepted in
            let count = open.increment()
            let peer = ConnectionPeer(address: ClientAddress(bytes: accepted.peer.addressBytes), listener: .plain)
            if count > context.limits.maxConnections || context.draining {
                // Over the cap: answer 503 at once (best effort, non-blocking) and close.
                let plan = ResponseBuilder(for: nil, date: context.date)
                    .page(.serviceUnavailable, detail: "The server is too busy. Try again shortly.",
                          fields: [HTTPField(name: "Retry-After", value: "1")], close: true, user: nil)
                var bytes = plan.head.bytes
                if case .bytes(let body) = plan.body { bytes += body }
                _ = try? bytes.withUnsafeBytes { try accepted.socket.write($0) }
                try? accepted.socket.close()
                open.decrement()
                return
            }
            let connection = ConnectionDriver(context: context, stream: PlainStream(accepted.socket), peer: peer)
            do {
                try connection.start()
            } catch {
                try? accepted.socket.close()
                open.decrement()
            }
        }, onError: { error in
            logs.error("accept: \(error)")
        })
    }

    /// Runs until SIGTERM or SIGINT, then drains. Returns when every loop has stopped.
    public func run() throws(ServerStartError) {
        Signals.blockHandledSignalsInCurrentThread()
        let first = contexts[0]
        let receiver: SignalReceiver
        do {
            receiver = try Signals.install(on: first.loop) { [self] signal in
                switch signal {
                case .hangup: reload(force: true)
                case .terminate, .interrupt: beginDrain()
                }
            }
        } catch {
            throw ServerStartError("cannot install signal handlers: \(error)")
        }
        _ = receiver
        scheduleHousekeeping(on: first)
        for context in contexts.dropFirst() { scheduleLogFlush(on: context) }

        var threads: [WorkerThread] = []
        for (i, context) in contexts.enumerated().dropFirst() {
            let loop = context.loop
            do {
                threads.append(try WorkerThread(name: "gatehouse-\(i)") {
                    try? loop.run()
                    context.flushAccessLog()
                })
            } catch {
                throw ServerStartError("cannot start worker: \(error)")
            }
        }
        do {
            try first.loop.run()
        } catch {
            logs.error("event loop failed: \(error)")
        }
        first.flushAccessLog()
        for t in threads { t.join() }
        logs.flush()
    }

    private func scheduleHousekeeping(on context: LoopContext) {
        context.loop.schedule(after: Server.reloadIntervalMilliseconds) { [self] in
            reload(force: false)
            context.flushAccessLog()
            logs.flush()
            if !context.draining { scheduleHousekeeping(on: context) }
        }
    }

    private func scheduleLogFlush(on context: LoopContext) {
        context.loop.schedule(after: Server.reloadIntervalMilliseconds) { [self] in
            context.flushAccessLog()
            logs.access.flush()
            if !context.draining { scheduleLogFlush(on: context) }
        }
    }

    private func reload(force: Bool) {
        switch store.reloadIfChanged(force: force) {
        case .unchanged:
            break
        case .reloaded(let generation, let warnings):
            logs.error("reloaded \(configuration.configPath) (configuration \(generation))")
            for w in warnings { logs.error(w.description) }
        case .failed(let errors):
            logs.error("reload failed; the previous configuration stays in force:")
            for e in errors { logs.error(e.description) }
        }
    }

    /// Stops accepting, closes idle connections, lets requests in flight finish (up to
    /// `drainMilliseconds`), then stops every loop.
    private func beginDrain() {
        logs.error("shutting down: finishing requests in flight")
        for context in contexts {
            context.loop.execute {
                context.draining = true
                for a in context.acceptors { a.close() }
                context.acceptors = []
                for c in Array(context.connections.values) { c.drain() }
                if context.connections.isEmpty { context.loop.stop() }
                context.loop.schedule(after: Server.drainMilliseconds) {
                    for c in Array(context.connections.values) { c.forceClose() }
                    context.loop.stop()
                }
            }
        }
    }
}

/// Why the server could not start, as a message for standard error.
public struct ServerStartError: Error, Sendable, CustomStringConvertible {
    /// The message.
    public let description: String
    init(_ description: String) { self.description = description }
}
