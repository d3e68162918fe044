import HTTPWire
import Protection
import Synchronization
import Transport

/// What one event loop's connections share: the loop, the protection store, the logs, the
/// timeouts, a `Date` header cached per second, and the loop's connections (for draining).
/// Owned by the loop's thread; only `Sendable` so it can be created before the thread starts.
final class LoopContext: @unchecked Sendable {
    let loop: EventLoop
    let store: ProtectionStore
    let logs: ServerLogs
    let limits: ConnectionLimits
    let openConnections: ConnectionCounter
    /// Failed-login counting shared by every loop.
    let throttle: FailureThrottle
    /// Small documents in memory, for this loop only.
    let fileCache = SmallFileCache()
    /// This loop's ACL and real-path caches (uncontended: no other loop takes their locks).
    private let acls = ACLCache()
    private let realPaths = RealPathCache()
    private lazy var verifier = CachingVerifier(sharing: store.verifier)
    private var stateGeneration = 0
    private var currentState: ServedState?
    private var currentRouter: RequestRouter<ACLCache, CachingVerifier, DiskFileSystem>?
    /// Access-log lines of this loop not yet written (flushed at 32 KiB and once a second).
    private var accessBuffer: [UInt8] = []
    var connections: [Int32: Connection] = [:]
    /// The loop's listeners, closed when draining.
    var acceptors: [Acceptor] = []
    var draining = false

    private var dateSecond: Int64 = -1
    private var dateString = ""
    private var logDateSecond: Int64 = -1
    private var logDateString = ""

    init(loop: EventLoop, store: ProtectionStore, logs: ServerLogs, limits: ConnectionLimits, openConnections: ConnectionCounter,
         throttle: FailureThrottle) {
        self.throttle = throttle
        self.loop = loop
        self.store = store
        self.logs = logs
        self.limits = limits
        self.openConnections = openConnections
    }

    /// Sockets handed over to a `ConnectionTakeover` (proxy exchanges and tunnels) and not yet
    /// given back or closed: a draining loop waits for them too.
    private(set) var takeovers = 0

    /// The configuration in force and this loop's router over it; refreshed only when the
    /// store's generation moved (one atomic load per request otherwise).
    func served() -> (ServedState, RequestRouter<ACLCache, CachingVerifier, DiskFileSystem>) {
        let generation = store.generation
        if generation != stateGeneration || currentState == nil {
            let state = store.state
            currentState = state
            currentRouter = state.makeRouter(acls: acls, verifier: verifier, fileSystem: DiskFileSystem(realPaths: realPaths))
            stateGeneration = state.generation
        }
        return (currentState!, currentRouter!)
    }

    /// Appends one access-log line built in place.
    func logAccess(_ build: (inout [UInt8]) -> Void) {
        build(&accessBuffer)
        accessBuffer.append(0x0A)
        if accessBuffer.count >= LogSink.flushThreshold { flushAccessLog() }
    }

    /// Writes this loop's buffered access-log lines (whole lines, one append).
    func flushAccessLog() {
        guard !accessBuffer.isEmpty else { return }
        logs.access.writeRaw(accessBuffer)
        accessBuffer.removeAll(keepingCapacity: true)
    }

    /// Called by a connection once closed: a draining loop stops when its last one is gone.
    func connectionClosed() {
        if draining && connections.isEmpty && takeovers == 0 { loop.stop() }
    }

    /// A connection handed its socket to a takeover.
    func takeoverStarted() { takeovers += 1 }

    /// A takeover is done with its socket: it closed it (`closed`), or gave it back to a new
    /// `Connection`.
    func takeoverEnded(closed: Bool) {
        takeovers -= 1
        if closed { openConnections.decrement() }
        connectionClosed()
    }

    /// The Common Log Format date for the loop's current second.
    var logDate: String {
        let now = loop.wallClockSeconds
        if now != logDateSecond {
            logDateSecond = now
            logDateString = CommonLogDate.format(now)
        }
        return logDateString
    }

    /// The IMF-fixdate for the loop's current second.
    var date: String {
        let now = loop.wallClockSeconds
        if now != dateSecond {
            dateSecond = now
            dateString = HTTPDate.format(Int(now))
        }
        return dateString
    }
}

/// The timeouts and caps for connections, from the rule file's Gatehouse directives.
struct ConnectionLimits: Sendable {
    var headTimeout: Int64 = 10_000
    var idleTimeout: Int64 = 5_000
    var sendTimeout: Int64 = 30_000
    var maxConnections = 10_000
    /// Bodies up to this size on GET/HEAD are read and discarded; larger ones close the connection.
    var maxDiscardedBody = 64 * 1024

    init() {}

    init(_ tuning: ServerTuning) {
        headTimeout = Int64(tuning.headTimeoutSeconds) * 1000
        idleTimeout = Int64(tuning.idleTimeoutSeconds) * 1000
        sendTimeout = Int64(tuning.sendTimeoutSeconds) * 1000
        maxConnections = tuning.maxConnections
    }
}
