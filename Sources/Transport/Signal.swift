import CSystem
import Glibc

/// The process signals the server acts on.
public enum Signal: Sendable, Hashable, CaseIterable {
    /// SIGHUP: reload configuration.
    case hangup
    /// SIGTERM: shut down gracefully.
    case terminate
    /// SIGINT: shut down (Ctrl-C).
    case interrupt
    /// SIGUSR1: reopen the log files (nginx's convention, logrotate's usual signal).
    case reopenLogs

    /// The signal number.
    public var number: Int32 {
        switch self {
        case .hangup: SIGHUP
        case .terminate: SIGTERM
        case .interrupt: SIGINT
        case .reopenLogs: SIGUSR1
        }
    }

    /// The signal for `number`, if it is one of ours.
    public init?(number: Int32) {
        switch number {
        case SIGHUP: self = .hangup
        case SIGTERM: self = .terminate
        case SIGINT: self = .interrupt
        case SIGUSR1: self = .reopenLogs
        default: return nil
        }
    }
}
