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
    private let perAddress = AddressCounts()
    private let throttle = FailureThrottle()
    /// The TLS certificates in force, when a TLS listener exists.
    private let certificates: CertificateStore?
    /// systemd's notification socket (opened before the privilege drop).
    private let notifier = SystemdNotifier()
    /// Where the server listens (ports resolved).
    public let listeners: [BoundListener]
    /// The user the server serves as (after a privilege drop, when started as root).
    public let servingAs: String

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
        logs.useLocalTime(rules.settings.logTime == .local)
        Signals.ignoreBrokenPipe()
        _ = try? ProcessLimits.raiseOpenFileLimit()
        let workers = max(1, configuration.workers)
        let inherited = SocketActivation.inherited()
        let (bound, perWorker) = inherited.isEmpty
            ? try Server.bind(try Server.listenSpecs(configuration, rules: rules), workers: workers)
            : try Server.adopt(inherited, workers: workers)
        listeners = bound
        certificates = bound.contains(where: \.spec.tls) ? try CertificateStore(settings: rules.settings, ruleFile: rules.path) : nil
        // Everything that needs root is done: listeners, logs, certificates.
        let runAs = try RunAs(settings: rules.settings, ruleFile: rules.path)
        if let served = runAs.servedUserID {
            for problem in logs.giveTo(userID: served) { logs.error(problem) }
        }
        try runAs.apply()
        servingAs = runAs.description
        if runAs.explicitRoot {
            logs.error("warning: serving as root (UserId root): every request, and every parser bug, runs with full privileges")
        }
        let tlsPorts = bound.filter(\.spec.tls).map { Int($0.address.port) }
        store.adopt(ServedState.Facts(tlsPorts: tlsPorts))
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
            for worker in perWorker[i] {
                do {
                    list.append(try makeAcceptor(worker, context: context))
                } catch {
                    throw ServerStartError("cannot watch listener: \(error)")
                }
            }
            context.acceptors = list
        }
        for warning in store.state.snapshot.warnings { logs.error(warning.description) }
        for problem in store.state.problems { logs.error(problem) }
        for path in AbandonedUploads.remove(under: rules.passRoots, bodyTimeoutSeconds: rules.tuning.bodyTimeoutSeconds) {
            logs.error("removed \(path), the temporary file of an upload that never finished")
        }
    }

    private func makeAcceptor(_ worker: WorkerSocket, context: LoopContext) throws(Errno) -> Acceptor {
        let logs = self.logs
        let admission = ConnectionAdmission(context: context, listener: worker.listener, certificates: certificates, perAddress: perAddress)
        return try Acceptor(listener: worker.socket, loop: context.loop, shared: worker.shared, onAccept: { accepted in
            admission.admit(accepted)
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
                case .reopenLogs: reopenLogs()
                }
            }
        } catch {
            throw ServerStartError("cannot install signal handlers: \(error)")
        }
        _ = receiver
        scheduleHousekeeping(on: first)
        notifier.ready(status: "serving " + listeners.map(\.url).joined(separator: " "))
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

    private func scheduleHousekeeping(on context: LoopContext, connectionsBefore: Int = 0) {
        context.loop.schedule(after: Server.reloadIntervalMilliseconds) { [self] in
            reload(force: false)
            context.flushAccessLog()
            logs.flush()
            // Thousands of connections just closed: give their buffers back to the system.
            let connections = openConnections.current
            if connectionsBefore - connections >= Server.trimAfterClosing { ProcessMemory.returnFreedMemory() }
            if !context.draining { scheduleHousekeeping(on: context, connectionsBefore: connections) }
        }
    }

    /// Connections closed within a second after which freed memory is returned to the system.
    static let trimAfterClosing = 256

    private func scheduleLogFlush(on context: LoopContext) {
        context.loop.schedule(after: Server.reloadIntervalMilliseconds) { [self] in
            context.flushAccessLog()
            logs.access.flush()
            if !context.draining { scheduleLogFlush(on: context) }
        }
    }

    private func reload(force: Bool) {
        if force { notifier.reloading() }
        defer {
            reloadCertificates(force: force)
            if force { notifier.ready(status: "reloaded") }
        }
        switch store.reloadIfChanged(force: force) {
        case .unchanged:
            break
        case .reloaded(let generation, let warnings):
            logs.useLocalTime(store.state.snapshot.ruleFile.settings.logTime == .local)
            logs.error("reloaded \(configuration.configPath) (configuration \(generation))")
            for w in warnings { logs.error(w.description) }
        case .failed(let errors):
            logs.error("reload failed; the previous configuration stays in force:")
            for e in errors { logs.error(e.description) }
        }
    }

    /// `SIGUSR1`: every loop writes out its buffered lines into the file in use, then both logs
    /// are opened again at their paths (logrotate has renamed the old files).
    private func reopenLogs() {
        let remaining = Atomic<Int>(contexts.count)
        let logs = self.logs
        for context in contexts {
            context.loop.execute {
                context.flushAccessLog()
                guard remaining.subtract(1, ordering: .acquiringAndReleasing).newValue == 0 else { return }
                let problems = logs.reopen()
                for problem in problems { logs.error(problem) }
                if problems.isEmpty { logs.error("reopened the logs") }
            }
        }
    }

    private func reloadCertificates(force: Bool) {
        guard let certificates else { return }
        let settings = store.state.snapshot.ruleFile.settings
        switch certificates.reloadIfChanged(settings: settings, force: force) {
        case .unchanged:
            break
        case .reloaded:
            logs.error("reloaded the TLS certificate \(settings.tlsCertificate?.value ?? "")")
        case .failed(let message):
            logs.error("TLS certificate reload failed; the previous certificate stays in force: \(message)")
        }
    }

    /// Stops accepting, closes idle connections, lets requests in flight finish (up to
    /// `drainMilliseconds`), then stops every loop.
    private func beginDrain() {
        notifier.stopping()
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
