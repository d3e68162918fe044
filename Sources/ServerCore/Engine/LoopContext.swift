import HTTPWire
import Protection
import RequestPolicy
import Synchronization
import Transport

/// What one event loop's connections share: the loop, the configuration in force (with this
/// loop's own router and caches over it), the logs, the `Date` header cached per second, and the
/// loop's connections (for draining). It is also the loop's `ConnectionServices`: the answers
/// to requests come from here (`LoopContext+Services.swift`). Owned by the loop's thread; only
/// `Sendable` so it can be created before the thread starts.
final class LoopContext: @unchecked Sendable {
    let loop: EventLoop
    let store: ProtectionStore
    let logs: ServerLogs
    let openConnections: ConnectionCounter
    /// Failed-login counting shared by every loop.
    let throttle: FailureThrottle
    /// Small documents in memory, for this loop only.
    let fileCache = SmallFileCache()
    /// Gzipped bodies of compressible documents.
    private(set) lazy var compressedBodies = CompressedCache(loop: loop)
    /// Whole answers to frequent requests, and the watcher that keeps them (and the ACL and
    /// real-path caches) true. Off for services driven without a running loop, which would never
    /// see the watcher's events: set `watchesFiles` before the first request.
    let hotAnswers = HotResponseCache()
    var watchesFiles = true
    private(set) lazy var treeWatcher: TreeWatcher? = watchesFiles ? TreeWatcher(loop: loop) : nil
    /// This loop's ACL and real-path caches (uncontended: no other loop takes their locks),
    /// kept true by the loop's watcher.
    private lazy var acls = ACLCache(watcher: treeWatcher)
    private lazy var realPaths = RealPathCache(watcher: treeWatcher)
    /// This loop's first-level credential cache in front of the shared verifier.
    private(set) lazy var verifier = CachingVerifier(sharing: store.verifier)
    private var stateGeneration = 0
    private var currentState: ServedState?
    private var currentDecider: RequestDecider<ACLCache, CachingVerifier, DiskFileSystem>?
    /// Access-log lines of this loop not yet written (flushed at 32 KiB and once a second).
    private var accessBuffer: [UInt8] = []
    /// Unanswered request input the loop's connections hold (partial heads, pipelined
    /// requests), and the most it may (a connection pushing past it gets 503).
    var heldInputBytes = 0
    static let maxHeldInputBytes = 32 * 1024 * 1024

    /// The loop's connections, by descriptor (for draining).
    var connections: [Int32: any LoopConnection] = [:]
    /// The last stamp given to a connection that became idle (orders them: milliseconds would
    /// tie, and the longest-idle one is the one to close at the cap).
    private var lastIdleStamp: UInt64 = 0
    /// The loop's listeners, closed when draining.
    var acceptors: [Acceptor] = []
    var draining = false

    private var dateSecond: Int64 = -1
    private var dateString = ""
    /// The log lines' dates, per second.
    var logClock = LogClock()

    init(loop: EventLoop, store: ProtectionStore, logs: ServerLogs, openConnections: ConnectionCounter, throttle: FailureThrottle) {
        self.throttle = throttle
        self.loop = loop
        self.store = store
        self.logs = logs
        self.openConnections = openConnections
    }

    /// Sockets handed over to the proxy and not yet given back or closed: a draining loop waits
    /// for them too.
    private(set) var takeovers = 0

    /// The configuration in force and this loop's decider over it; refreshed only when the
    /// store's generation moved (one atomic load per request otherwise).
    func served() -> (ServedState, RequestDecider<ACLCache, CachingVerifier, DiskFileSystem>) {
        refreshIfNeeded()
        return (currentState!, currentDecider!)
    }

    /// The connection limits in force (refreshed with the configuration).
    var currentLimits: ConnectionLimits {
        refreshIfNeeded()
        return cachedLimits
    }

    /// The request-head limits in force.
    var currentParserLimits: HTTPLimits {
        refreshIfNeeded()
        return cachedParserLimits
    }

    /// The access-log format in force.
    var currentLogFormat: ServerSettings.LogFormat {
        refreshIfNeeded()
        return cachedLogFormat
    }

    /// The log times in force.
    var currentLogTime: ServerSettings.LogTime {
        refreshIfNeeded()
        return cachedLogTime
    }

    private var cachedLogTime = ServerSettings.LogTime.local

    /// The generation of the configuration in force (refreshed first).
    var currentGeneration: Int {
        refreshIfNeeded()
        return stateGeneration
    }

    /// Whether the configuration in force trusts any proxy (cached).
    private(set) var hasTrustedProxies = false

    private var cachedLimits = ConnectionLimits()
    private var cachedParserLimits = HTTPLimits()
    private var cachedLogFormat = ServerSettings.LogFormat.common

    @inline(__always)
    private func refreshIfNeeded() {
        if store.generation != stateGeneration || currentState == nil { refresh() }
    }

    private func refresh() {
        let state = store.state
        currentState = state
        let router = state.makeRouter(acls: acls, verifier: verifier, fileSystem: DiskFileSystem(realPaths: realPaths))
        currentDecider = RequestDecider(router: router, settings: state.settings)
        stateGeneration = state.generation
        cachedLimits = state.limits
        cachedParserLimits = state.parserLimits
        cachedLogFormat = state.snapshot.ruleFile.settings.logFormat
        cachedLogTime = state.snapshot.ruleFile.settings.logTime
        hasTrustedProxies = !state.settings.trustedProxies.isEmpty
    }

    /// Appends one access-log line built in place.
    func logAccess(_ build: (inout [UInt8], borrowing LogClock) -> Void) {
        build(&accessBuffer, logClock)
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

    /// A connection handed its socket to the proxy.
    func takeoverStarted() { takeovers += 1 }

    /// The proxy is done with a socket: it closed it (`closed`; its stream gave back the
    /// connection's place), or gave it back to a new connection.
    func takeoverEnded(closed: Bool) {
        takeovers -= 1
        connectionClosed()
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

/// A connection a loop can drain or close at shutdown, or reclaim when the server is full.
protocol LoopConnection: AnyObject {
    /// Closes now when idle, else after the response in flight.
    func drain()
    /// Closes now.
    func forceClose()
    /// When it began to wait, idle, for a keep-alive request, as a stamp from `nextIdleStamp`
    /// (smaller is earlier); nil when busy.
    var idleStamp: UInt64? { get }
}

extension LoopContext {
    /// A stamp for a connection that becomes idle now: larger than every one given before.
    func nextIdleStamp() -> UInt64 {
        lastIdleStamp &+= 1
        return lastIdleStamp
    }

    /// Closes this loop's longest-idle keep-alive connection to make room for a new one (at
    /// `MaxConnections`); false when none is idle.
    func reclaimIdleConnection() -> Bool {
        var oldest: (connection: any LoopConnection, stamp: UInt64)?
        for connection in connections.values {
            guard let stamp = connection.idleStamp else { continue }
            if oldest.map({ stamp < $0.stamp }) ?? true { oldest = (connection, stamp) }
        }
        guard let oldest else { return false }
        oldest.connection.forceClose()
        return true
    }
}
