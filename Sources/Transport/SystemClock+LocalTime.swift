import Glibc

extension SystemClock {
    /// The local time zone's offset from UTC, in seconds, at Unix time `seconds`
    /// (`localtime_r`'s `tm_gmtoff`; the zone comes from `TZ` or `/etc/localtime`, read once).
    public static func utcOffset(atSeconds seconds: Int64) -> Int {
        var time = time_t(seconds)
        var parts = tm()
        guard localtime_r(&time, &parts) != nil else { return 0 }
        return Int(parts.tm_gmtoff)
    }
}
