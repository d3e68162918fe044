import CSystem
import Glibc

/// Reads a signalfd on its loop and passes each handled signal on.
public final class SignalReceiver: EventHandler {
    /// The signalfd.
    public let descriptor: FileDescriptor
    private let handler: (Signal) -> Void

    /// Wraps an open signalfd; `Signals.install` registers it.
    init(descriptor: FileDescriptor, handler: @escaping (Signal) -> Void) {
        self.descriptor = descriptor
        self.handler = handler
    }

    /// Reads every queued `signalfd_siginfo` and reports each.
    public func readable() {
        var info = signalfd_siginfo()
        let size = MemoryLayout<signalfd_siginfo>.size
        while true {
            let result = try? SystemCall.nonBlocking("read(signalfd)") { Glibc.read(descriptor.rawValue, &info, size) }
            guard case .done(let count) = result, count == size else { return }
            if let signal = Signal(number: Int32(bitPattern: info.ssi_signo)) { handler(signal) }
        }
    }

    /// Never registered for writing.
    public func writable() {}

    /// A signalfd does not hang up; ignore.
    public func hangup() {}
}
