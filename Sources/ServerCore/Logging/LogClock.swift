import Protection
import Transport

/// The times one loop's log lines carry, formatted once per second: the Common Log Format date
/// (`[10/Oct/2000:13:55:36 +0200]`) and RFC 3339 (`2000-10-10T13:55:36+02:00`), in local time or
/// UTC as `LogTime` says. Loop-confined.
struct LogClock {
    private var second: Int64 = .min
    private var mode = ServerSettings.LogTime.local
    private(set) var common = ""
    private(set) var rfc3339 = ""

    /// Brings the strings to `seconds` in `mode`.
    mutating func update(_ seconds: Int64, mode: ServerSettings.LogTime) {
        guard seconds != second || mode != self.mode else { return }
        second = seconds
        self.mode = mode
        let offset = mode == .utc ? 0 : SystemClock.utcOffset(atSeconds: seconds)
        common = CommonLogDate.format(seconds, offsetSeconds: offset)
        rfc3339 = CommonLogDate.rfc3339(seconds, offsetSeconds: offset)
    }
}
