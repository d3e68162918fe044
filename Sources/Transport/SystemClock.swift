import CSystem
import Glibc

/// The clocks, read through `clock_gettime(2)` (a vDSO call, no kernel entry).
public enum SystemClock {
    /// Milliseconds on `CLOCK_MONOTONIC`: never jumps, meaningful only as differences.
    public static func monotonicMilliseconds() -> Int64 {
        let time = read(CLOCK_MONOTONIC)
        return Int64(time.tv_sec) * 1000 + Int64(time.tv_nsec) / 1_000_000
    }

    /// Microseconds on `CLOCK_MONOTONIC` (request durations).
    public static func monotonicMicroseconds() -> Int64 {
        let time = read(CLOCK_MONOTONIC)
        return Int64(time.tv_sec) * 1_000_000 + Int64(time.tv_nsec) / 1000
    }

    /// Wall-clock time on `CLOCK_REALTIME`, for `Date` headers and logs.
    public static func wallClock() -> (seconds: Int64, nanoseconds: Int32) {
        let time = read(CLOCK_REALTIME)
        return (Int64(time.tv_sec), Int32(time.tv_nsec))
    }

    private static func read(_ clock: clockid_t) -> timespec {
        var time = timespec()
        // Only EINVAL/EFAULT are possible, and neither with these arguments.
        _ = try? SystemCall.blocking("clock_gettime") { clock_gettime(clock, &time) }
        return time
    }
}
