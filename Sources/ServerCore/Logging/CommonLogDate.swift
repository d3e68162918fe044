/// Formats times for the logs: the Common Log Format's `10/Oct/2000:13:55:36 -0700` and
/// RFC 3339's `2000-10-10T13:55:36-07:00`, at a given offset from UTC.
enum CommonLogDate {
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// `dd/Mon/yyyy:HH:MM:SS ±hhmm` for Unix seconds, shown at `offsetSeconds` from UTC.
    static func format(_ seconds: Int64, offsetSeconds: Int = 0) -> String {
        let (y, m, d, time) = parts(seconds + Int64(offsetSeconds))
        return "\(two(d))/\(months[Int(m) - 1])/\(y):\(time) \(offset(offsetSeconds, separator: ""))"
    }

    /// `yyyy-mm-ddTHH:MM:SS±hh:mm` (RFC 3339 §5.6; `Z` for UTC).
    static func rfc3339(_ seconds: Int64, offsetSeconds: Int = 0) -> String {
        let (y, m, d, time) = parts(seconds + Int64(offsetSeconds))
        return "\(y)-\(two(m))-\(two(d))T\(time)" + (offsetSeconds == 0 ? "Z" : offset(offsetSeconds, separator: ":"))
    }

    private static func parts(_ local: Int64) -> (Int64, Int64, Int64, String) {
        let days = local >= 0 ? local / 86_400 : (local - 86_399) / 86_400
        let secs = local - days * 86_400
        let (y, m, d) = civil(fromDays: days)
        return (y, m, d, "\(two(secs / 3600)):\(two(secs % 3600 / 60)):\(two(secs % 60))")
    }

    private static func two(_ v: Int64) -> String { v < 10 ? "0\(v)" : "\(v)" }

    private static func offset(_ seconds: Int, separator: String) -> String {
        let sign = seconds < 0 ? "-" : "+"
        let minutes = abs(seconds) / 60
        return sign + two(Int64(minutes / 60)) + separator + two(Int64(minutes % 60))
    }

    /// Howard Hinnant's days-to-civil algorithm (proleptic Gregorian).
    static func civil(fromDays z0: Int64) -> (Int64, Int64, Int64) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let y = yoe + era * 400
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (m <= 2 ? y + 1 : y, m, d)
    }
}
