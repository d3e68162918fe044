import Synchronization
import Transport

/// The access log and the error log.
public final class ServerLogs: Sendable {
    /// Common Log Format, one line per response.
    public let access: LogSink
    /// Timestamped errors and reloads.
    public let error: LogSink
    /// Whether error-log times are local (`LogTime local`, the default) or UTC.
    private let localTime = Atomic<Bool>(true)

    /// A log that could not be opened, and why.
    public struct OpenError: Error, Sendable {
        /// The log's path.
        public let path: String
        /// Why.
        public let errno: Errno
    }

    /// Opens both; nil path discards.
    public init(accessPath: String?, errorPath: String?) throws(OpenError) {
        do {
            access = try LogSink(path: accessPath)
        } catch {
            throw OpenError(path: accessPath ?? "-", errno: error)
        }
        do {
            self.error = try LogSink(path: errorPath)
        } catch {
            throw OpenError(path: errorPath ?? "-", errno: error)
        }
    }

    /// An error-log line: `[date] [client ADDRESS] message` (the client part when known).
    public func error(_ message: String, client: String? = nil) {
        let now = SystemClock.wallClock().seconds
        let offset = localTime.load(ordering: .relaxed) ? SystemClock.utcOffset(atSeconds: now) : 0
        error.write("[\(CommonLogDate.format(now, offsetSeconds: offset))]" + (client.map { " [client \($0)]" } ?? "") + " " + message)
        error.flush()
    }

    /// Follows the rule file's `LogTime`.
    func useLocalTime(_ local: Bool) {
        localTime.store(local, ordering: .relaxed)
    }

    /// Reopens both files (`SIGUSR1`); returns a message per log that could not be reopened (it
    /// goes on in the file it had).
    public func reopen() -> [String] {
        var problems: [String] = []
        for (name, sink) in [("access", access), ("error", error)] {
            guard let failure = sink.reopen() else { continue }
            problems.append("cannot reopen the \(name) log \(sink.filePath ?? "-"): \(failure.message); still writing to the file it had "
                            + "(after a privilege drop the served user must be able to open it: logrotate's `create` with that user)")
        }
        return problems
    }

    /// Gives both files to `userID` before the server drops to it; a message per file that
    /// could not be given.
    func giveTo(userID: UInt32) -> [String] {
        var problems: [String] = []
        for (name, sink) in [("access", access), ("error", error)] {
            guard let failure = sink.giveTo(userID: userID) else { continue }
            problems.append("cannot give the \(name) log \(sink.filePath ?? "-") to the served user: \(failure.message)")
        }
        return problems
    }

    /// Writes out both buffers.
    public func flush() {
        access.flush()
        error.flush()
    }
}
