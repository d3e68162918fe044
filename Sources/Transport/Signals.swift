import CSystem
import Glibc

/// Delivers SIGHUP, SIGTERM, SIGINT and SIGUSR1 to one event loop through a signalfd, and ignores SIGPIPE.
///
/// A signalfd only sees signals that are blocked, so they must be blocked in **every** thread:
/// call `install` on the main thread before starting anything else; `WorkerThread`s block them
/// on their own; libdispatch's threads block all signals. Then a signal sent to the process
/// stays pending until the loop reads it, and no thread is interrupted.
public enum Signals {
    /// The signals `install` delivers.
    public static let handled: [Signal] = Signal.allCases

    /// Ignores SIGPIPE for the whole process, so writing to a closed connection (`sendfile`,
    /// which cannot take `MSG_NOSIGNAL`) reports `EPIPE` instead of killing the server.
    public static func ignoreBrokenPipe() {
        _ = signal(SIGPIPE, SIG_IGN)
    }

    /// Blocks the handled signals in the calling thread (inherited by threads it starts later).
    public static func blockHandledSignalsInCurrentThread() {
        var mask = handledMask()
        // Fails only for an invalid `how`, which this is not.
        _ = try? SystemCall.pthread("pthread_sigmask") { pthread_sigmask(SIG_BLOCK, &mask, nil) }
    }

    /// Ignores SIGPIPE, blocks the handled signals in the calling thread, and registers a
    /// signalfd on `loop` that calls `handler` on the loop's thread for each one received.
    /// Call before `loop.run()` (or on the loop's thread). Returns the signalfd's handler; it
    /// stays registered until the loop is closed.
    @discardableResult
    public static func install(on loop: EventLoop, handler: @escaping (Signal) -> Void) throws(Errno) -> SignalReceiver {
        ignoreBrokenPipe()
        blockHandledSignalsInCurrentThread()
        var mask = handledMask()
        let fd = try SystemCall.blocking("signalfd") { signalfd(-1, &mask, Int32(SFD_NONBLOCK | SFD_CLOEXEC)) }
        let receiver = SignalReceiver(descriptor: FileDescriptor(rawValue: fd), handler: handler)
        do throws(Errno) {
            try loop.register(receiver.descriptor, interest: .readable, handler: receiver)
        } catch {
            receiver.descriptor.closeIgnoringErrors()
            throw error
        }
        return receiver
    }

    private static func handledMask() -> sigset_t {
        var mask = sigset_t()
        sigemptyset(&mask)
        for signal in handled { sigaddset(&mask, signal.number) }
        return mask
    }
}
