import CSystem
import Glibc
import Synchronization

/// One epoll event loop, owned by one thread: it watches descriptors, runs timers, and runs jobs
/// posted from other threads. The server runs one per worker thread, each with its own
/// `SO_REUSEPORT` listener, and never shares connections between loops.
///
/// Readiness is **level-triggered**: a handler may read once per event (a request usually fits)
/// and is told again if data remains, so the common keep-alive request costs one `read` and no
/// extra `read` to reach `EAGAIN`; interest changes (`setInterest`) cost an `epoll_ctl` only when
/// the interest actually changes (in practice only when a write would block).
///
/// Threading: `execute(_:)`, `stop()` and `isInLoopThread` may be called from any thread.
/// Everything else must be called on the loop's thread, or before `run()` starts on the thread
/// that will then start the loop's thread. That is why the class is `@unchecked Sendable`.
public final class EventLoop: @unchecked Sendable {
    /// One registered descriptor; indexed by descriptor number.
    struct Registration {
        /// The owner of the descriptor; `nil` when the slot is free.
        var handler: (any EventHandler)?
        /// Bumped on each registration so events queued for an earlier owner of the same
        /// descriptor number (closed and reused within one batch) are dropped.
        var generation: UInt32 = 0
        /// What the descriptor is registered for (cached to skip no-op `epoll_ctl` calls).
        var interest: Interest = []
    }

    /// The epoll instance.
    let epoll: FileDescriptor
    /// The eventfd that wakes the loop for `execute` and `stop`.
    let wakeup: FileDescriptor
    /// Registrations indexed by descriptor number (grown on demand).
    var registrations: [Registration] = []
    /// The `epoll_wait` output buffer, allocated once.
    let events: UnsafeMutablePointer<epoll_event>
    /// Pending timers.
    var timers = TimerQueue()
    /// Jobs posted by `execute`, and the array they are swapped into to run (kept for capacity).
    let pendingJobs = Mutex<[@Sendable () -> Void]>([])
    var runningJobs: [@Sendable () -> Void] = []
    /// Set by `stop()` from any thread; read once per iteration.
    let stopRequested = Atomic<Bool>(false)
    /// `pthread_self()` of the thread in `run()`, 0 when not running.
    let owner = Atomic<UInt>(0)
    /// Whether `close()` ran.
    var isClosed = false
    /// A descriptor whose events are handled before any other's in each batch (a loop's
    /// directory watcher: what changed on disk is known before the requests of the same batch
    /// are answered from caches).
    public var priorityDescriptor: FileDescriptor?

    /// Marks the wakeup eventfd's events; descriptors use (generation << 32 | fd).
    static let wakeupToken = UInt64.max
    /// Marks an event already dispatched ahead of its batch.
    static let handledToken = UInt64.max - 1

    /// Monotonic milliseconds, read once per iteration after `epoll_wait` returns. Use it for
    /// deadlines and timestamps instead of reading the clock per event.
    public private(set) var now: Int64
    /// Wall-clock seconds since the epoch, read once per iteration (for `Date` headers, logs).
    public private(set) var wallClockSeconds: Int64

    /// A scratch buffer owned by the loop (`TransportLimits.loopReadBufferBytes`), for reads on its
    /// thread: read here, and copy out only what must outlive the handler call, so idle
    /// connections need no buffer of their own. Its contents are not kept between calls.
    public let readBuffer: UnsafeMutableRawBufferPointer

    /// Creates the epoll instance and the wakeup eventfd.
    public init() throws(Errno) {
        let epollFD = try SystemCall.blocking("epoll_create1") { epoll_create1(Int32(EPOLL_CLOEXEC)) }
        epoll = FileDescriptor(rawValue: epollFD)
        do throws(Errno) {
            let eventFD = try SystemCall.blocking("eventfd") { eventfd(0, Int32(EFD_NONBLOCK | EFD_CLOEXEC)) }
            wakeup = FileDescriptor(rawValue: eventFD)
        } catch {
            epoll.closeIgnoringErrors()
            throw error
        }
        events = .allocate(capacity: TransportLimits.eventsPerWait)
        readBuffer = .allocate(byteCount: TransportLimits.loopReadBufferBytes, alignment: 16)
        now = SystemClock.monotonicMilliseconds()
        wallClockSeconds = SystemClock.wallClock().seconds
        var event = epoll_event()
        event.events = EPOLLIN.rawValue
        event.data.u64 = Self.wakeupToken
        do throws(Errno) {
            try SystemCall.blocking("epoll_ctl(ADD eventfd)") { epoll_ctl(epollFD, EPOLL_CTL_ADD, wakeup.rawValue, &event) }
        } catch {
            close()
            throw error
        }
    }

    deinit {
        close()
        events.deallocate()
        readBuffer.deallocate()
    }

    /// Whether the caller runs on this loop's thread (inside `run()`).
    public var isInLoopThread: Bool {
        let current = owner.load(ordering: .relaxed)
        return current != 0 && pthread_equal(pthread_t(current), pthread_self()) != 0
    }

    /// Registers `fd` with `handler`; the loop holds the handler until `unregister`.
    /// Throws `EEXIST` if `fd` is already registered. `exclusive` (`EPOLLEXCLUSIVE`) is for a
    /// listening socket several loops watch: one of them is woken per connection, not all; its
    /// interest cannot be changed afterwards (unregister and register again instead).
    public func register(_ fd: FileDescriptor, interest: Interest, handler: any EventHandler, exclusive: Bool = false) throws(Errno) {
        assertOwned()
        let index = Int(fd.rawValue)
        guard index >= 0 else { throw Errno(EBADF, call: "epoll_ctl(ADD)") }
        if index >= registrations.count {
            let newCount = max(index + 1, registrations.count * 2, 64)
            registrations.append(contentsOf: repeatElement(Registration(), count: newCount - registrations.count))
        }
        guard registrations[index].handler == nil else { throw Errno(EEXIST, call: "epoll_ctl(ADD)") }
        let generation = registrations[index].generation &+ 1
        var event = epoll_event()
        event.events = Self.mask(for: interest) | (exclusive ? EPOLLEXCLUSIVE.rawValue : 0)
        event.data.u64 = UInt64(generation) << 32 | UInt64(UInt32(bitPattern: fd.rawValue))
        try SystemCall.blocking("epoll_ctl(ADD)") { epoll_ctl(epoll.rawValue, EPOLL_CTL_ADD, fd.rawValue, &event) }
        registrations[index] = Registration(handler: handler, generation: generation, interest: interest)
    }

    /// Changes what `fd` is watched for; no system call if the interest is unchanged.
    public func setInterest(_ interest: Interest, for fd: FileDescriptor) throws(Errno) {
        assertOwned()
        let index = Int(fd.rawValue)
        guard index >= 0, index < registrations.count, registrations[index].handler != nil else {
            throw Errno(ENOENT, call: "epoll_ctl(MOD)")
        }
        guard registrations[index].interest != interest else { return }
        var event = epoll_event()
        event.events = Self.mask(for: interest)
        event.data.u64 = UInt64(registrations[index].generation) << 32 | UInt64(UInt32(bitPattern: fd.rawValue))
        try SystemCall.blocking("epoll_ctl(MOD)") { epoll_ctl(epoll.rawValue, EPOLL_CTL_MOD, fd.rawValue, &event) }
        registrations[index].interest = interest
    }

    /// The interest `fd` is registered with, or `nil` if it is not registered.
    public func interest(for fd: FileDescriptor) -> Interest? {
        let index = Int(fd.rawValue)
        guard index >= 0, index < registrations.count, registrations[index].handler != nil else { return nil }
        return registrations[index].interest
    }

    /// Stops watching `fd` (`EPOLL_CTL_DEL`) and releases its handler; the descriptor stays open.
    public func unregister(_ fd: FileDescriptor) throws(Errno) {
        assertOwned()
        guard forget(fd) else { throw Errno(ENOENT, call: "epoll_ctl(DEL)") }
        try SystemCall.blocking("epoll_ctl(DEL)") { epoll_ctl(epoll.rawValue, EPOLL_CTL_DEL, fd.rawValue, nil) }
    }

    /// Releases `fd`'s handler and closes the descriptor, which removes it from epoll in the same
    /// system call (no `EPOLL_CTL_DEL`). Only for descriptors never duplicated (`dup`, `fork`):
    /// epoll tracks the open file, not the number. Events already fetched are dropped.
    public func unregisterAndClose(_ fd: FileDescriptor) {
        assertOwned()
        _ = forget(fd)
        fd.closeIgnoringErrors()
    }

    /// Makes the current (or next) `run()` return after its iteration. Any thread.
    public func stop() {
        stopRequested.store(true, ordering: .releasing)
        wake()
    }

    /// Runs until `stop()`: waits for events, dispatches them, fires due timers, runs posted jobs.
    /// Throws only if `epoll_wait` itself fails.
    public func run() throws(Errno) {
        owner.store(UInt(pthread_self()), ordering: .relaxed)
        defer {
            owner.store(0, ordering: .relaxed)
            stopRequested.store(false, ordering: .relaxed)
        }
        while !stopRequested.load(ordering: .acquiring) {
            let timeout = waitTimeout()
            let count = try SystemCall.interruptible("epoll_wait") {
                epoll_wait(epoll.rawValue, events, Int32(TransportLimits.eventsPerWait), timeout)
            }
            now = SystemClock.monotonicMilliseconds()
            wallClockSeconds = SystemClock.wallClock().seconds
            if let first = priorityDescriptor, count > 1 {
                let key = UInt32(bitPattern: first.rawValue)
                for index in 0..<Int(count) where UInt32(truncatingIfNeeded: events[index].data.u64) == key {
                    dispatch(events[index])
                    events[index].data.u64 = Self.handledToken
                }
            }
            for index in 0..<Int(count) where events[index].data.u64 != Self.handledToken {
                dispatch(events[index])
            }
            fireDueTimers()
        }
    }

    /// Closes every still-registered descriptor (releasing its handler, which breaks handler ↔ loop
    /// reference cycles), drops timers and jobs, and closes the loop's own descriptors. Call after
    /// `run()` returns, on the thread that ran it. Idempotent.
    public func close() {
        guard !isClosed else { return }
        isClosed = true
        for index in registrations.indices where registrations[index].handler != nil {
            registrations[index].handler = nil
            FileDescriptor(rawValue: Int32(index)).closeIgnoringErrors()
        }
        registrations.removeAll()
        timers.removeAll()
        pendingJobs.withLock { $0.removeAll() }
        wakeup.closeIgnoringErrors()
        epoll.closeIgnoringErrors()
    }

    /// Calls the handler for one event, unless the registration it was queued for is gone.
    @inline(__always)
    private func dispatch(_ event: epoll_event) {
        let token = event.data.u64
        if token == Self.wakeupToken {
            runPostedJobs()
            return
        }
        let index = Int(UInt32(truncatingIfNeeded: token))
        let generation = UInt32(truncatingIfNeeded: token >> 32)
        guard index < registrations.count else { return }
        let registration = registrations[index]
        guard registration.generation == generation, let handler = registration.handler else { return }
        let flags = event.events
        if flags & (EPOLLERR.rawValue | EPOLLHUP.rawValue) != 0 {
            handler.hangup()
            return
        }
        if flags & EPOLLIN.rawValue != 0, registration.interest.contains(.readable) {
            handler.readable()
        }
        if flags & EPOLLOUT.rawValue != 0 {
            // readable() may have unregistered, closed, or changed interest.
            let current = registrations[index]
            guard current.generation == generation, current.handler != nil, current.interest.contains(.writable) else { return }
            handler.writable()
        }
    }

    /// Milliseconds until the earliest timer, capped; 0 if one is due.
    private func waitTimeout() -> Int32 {
        guard let deadline = timers.earliestDeadline else { return Int32(TransportLimits.maxWaitMilliseconds) }
        let remaining = deadline - SystemClock.monotonicMilliseconds()
        return Int32(min(max(remaining, 0), TransportLimits.maxWaitMilliseconds))
    }

    /// Clears `fd`'s slot; false if it was not registered.
    private func forget(_ fd: FileDescriptor) -> Bool {
        let index = Int(fd.rawValue)
        guard index >= 0, index < registrations.count, registrations[index].handler != nil else { return false }
        registrations[index].handler = nil
        registrations[index].interest = []
        return true
    }

    /// The epoll event mask for an interest (level-triggered; ERR and HUP are always reported).
    private static func mask(for interest: Interest) -> UInt32 {
        var mask: UInt32 = 0
        if interest.contains(.readable) { mask |= EPOLLIN.rawValue }
        if interest.contains(.writable) { mask |= EPOLLOUT.rawValue }
        return mask
    }

    /// Debug check that loop-owned state is touched only by the loop's thread (or before `run`).
    @inline(__always)
    func assertOwned() {
        assert(owner.load(ordering: .relaxed) == 0 || isInLoopThread, "EventLoop used off its thread")
    }
}
