import Transport

/// The access log and the error log.
public final class ServerLogs: Sendable {
    /// Common Log Format, one line per response.
    public let access: LogSink
    /// Timestamped errors and reloads.
    public let error: LogSink

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
        error.write("[\(CommonLogDate.format(now))]" + (client.map { " [client \($0)]" } ?? "") + " " + message)
        error.flush()
    }

    /// Writes out both buffers.
    public func flush() {
        access.flush()
        error.flush()
    }
}
