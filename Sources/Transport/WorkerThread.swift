import CSystem
import Glibc
import Synchronization

/// A named POSIX thread running one closure (typically an `EventLoop`'s `run()`), joined once.
///
/// The thread starts with `Signals.handled` blocked, so SIGHUP/SIGTERM/SIGINT reach the loop
/// that installed `Signals` through its signalfd instead of interrupting a worker.
public final class WorkerThread: Sendable {
    /// The thread's name as Linux keeps it (at most 15 bytes).
    public let name: String
    private let thread: pthread_t
    private let joined = Atomic<Bool>(false)

    /// The closure and name handed to the new thread.
    private final class Start {
        let name: String
        let body: @Sendable () -> Void
        init(name: String, body: @escaping @Sendable () -> Void) {
            self.name = name
            self.body = body
        }
    }

    /// Starts a thread named `name` (truncated to 15 bytes) running `body`.
    public init(name: String, _ body: @escaping @Sendable () -> Void) throws(Errno) {
        let truncated = String(decoding: name.utf8.prefix(TransportLimits.maxThreadNameBytes), as: UTF8.self)
        self.name = truncated
        let start = Unmanaged.passRetained(Start(name: truncated, body: body))
        var thread = pthread_t()
        do throws(Errno) {
            try SystemCall.pthread("pthread_create") {
                pthread_create(&thread, nil, { argument in
                    guard let argument else { return nil }
                    let start = Unmanaged<Start>.fromOpaque(argument).takeRetainedValue()
                    Signals.blockHandledSignalsInCurrentThread()
                    _ = csys_set_thread_name(start.name)
                    start.body()
                    return nil
                }, start.toOpaque())
            }
        } catch {
            start.release()
            throw error
        }
        self.thread = thread
    }

    /// Waits for the thread to finish. Joining twice, or from the thread itself, does nothing.
    public func join() {
        guard pthread_equal(thread, pthread_self()) == 0 else { return }
        guard joined.compareExchange(expected: false, desired: true, ordering: .acquiringAndReleasing).exchanged else { return }
        // pthread_join reports only programming errors (ESRCH, EINVAL, EDEADLK), ruled out above.
        _ = try? SystemCall.pthread("pthread_join") { pthread_join(thread, nil) }
    }

    /// Sends `signal` to this thread (`pthread_kill`), for tests of signal delivery.
    func send(_ signal: Signal) throws(Errno) {
        try SystemCall.pthread("pthread_kill") { pthread_kill(thread, signal.number) }
    }
}
