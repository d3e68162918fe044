import CSystem
import Glibc

/// Drains a `Listener` on an `EventLoop` and hands each connection to `onAccept`.
///
/// Accepts at most `TransportLimits.maxAcceptsPerWakeup` per readiness event (fairness with the
/// loop's connections). When accepting fails for want of resources (`EMFILE`, `ENFILE`,
/// `ENOBUFS`, `ENOMEM`) or anything else, it reports the error once, stops watching the listener
/// for `TransportLimits.acceptPauseMilliseconds` and then tries again, so a full descriptor table
/// never becomes a busy loop; the pending connections wait in the backlog meanwhile.
public final class Acceptor: EventHandler {
    /// The listener being drained; the acceptor owns it once started.
    public let listener: Listener
    private unowned let loop: EventLoop
    private let noDelay: Bool
    /// The listening socket is shared with other loops (a duplicated descriptor): registered
    /// `EPOLLEXCLUSIVE`, and removed from epoll explicitly before it is closed.
    private let shared: Bool
    private let onAccept: (Listener.Accepted) -> Void
    private let onError: (Errno) -> Void
    private var resumeTimer: TimerID?

    /// Registers `listener` on `loop`. Each accepted socket is non-blocking, close-on-exec and,
    /// with `noDelay`, has `TCP_NODELAY` set; `onAccept` owns it from then on (typically it
    /// registers a connection handler on the same loop). `onError` is for logging.
    public init(
        listener: Listener, loop: EventLoop, noDelay: Bool = true, shared: Bool = false,
        onAccept: @escaping (Listener.Accepted) -> Void,
        onError: @escaping (Errno) -> Void
    ) throws(Errno) {
        self.listener = listener
        self.loop = loop
        self.noDelay = noDelay
        self.shared = shared
        self.onAccept = onAccept
        self.onError = onError
        try loop.register(listener.descriptor, interest: .readable, handler: self, exclusive: shared)
    }

    /// Whether accepting is paused after an error.
    public var isPaused: Bool { resumeTimer != nil }

    /// Accepts what is queued, up to the per-wakeup limit.
    public func readable() {
        for _ in 0..<TransportLimits.maxAcceptsPerWakeup {
            do throws(Errno) {
                switch try listener.accept() {
                case .wouldBlock:
                    return
                case .done(let accepted):
                    if noDelay {
                        // A failure here means the peer is already gone; reads will say so.
                        try? accepted.socket.setNoDelay()
                    }
                    onAccept(accepted)
                }
            } catch {
                pause(after: error)
                return
            }
        }
    }

    /// Never registered for writing.
    public func writable() {}

    /// The listening socket failed: stop accepting for a while, as for any accept error.
    public func hangup() {
        pause(after: Errno(ECONNABORTED, call: "epoll(listener)"))
    }

    /// Stops accepting for good: unregisters and closes the listener (and cancels a pending resume).
    public func close() {
        if let resumeTimer { loop.cancel(resumeTimer) }
        resumeTimer = nil
        if shared {
            // epoll tracks the open socket, which other loops' descriptors keep open.
            try? loop.unregister(listener.descriptor)
            listener.descriptor.closeIgnoringErrors()
        } else {
            loop.unregisterAndClose(listener.descriptor)
        }
    }

    private func pause(after error: Errno) {
        onError(error)
        guard resumeTimer == nil else { return }
        // Unregistering (rather than clearing the interest) also silences EPOLLERR/EPOLLHUP,
        // which epoll reports whatever the interest.
        do throws(Errno) {
            try loop.unregister(listener.descriptor)
        } catch {
            return
        }
        resumeTimer = loop.schedule(after: TransportLimits.acceptPauseMilliseconds) { self.resume() }
    }

    private func resume() {
        resumeTimer = nil
        do throws(Errno) {
            try loop.register(listener.descriptor, interest: .readable, handler: self, exclusive: shared)
        } catch {
            onError(error)
            resumeTimer = loop.schedule(after: TransportLimits.acceptPauseMilliseconds) { self.resume() }
        }
    }
}
