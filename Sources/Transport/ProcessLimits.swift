import CSystem
import Glibc

/// Per-process resource limits the server adjusts at startup.
public enum ProcessLimits {
    /// Raises the soft open-file limit to the hard limit (10,000 keep-alive connections need more
    /// than the common default of 1024); returns the limit now in force.
    @discardableResult
    public static func raiseOpenFileLimit() throws(Errno) -> Int {
        let resource = __rlimit_resource_t(RLIMIT_NOFILE.rawValue)
        var limit = rlimit()
        try SystemCall.blocking("getrlimit") { getrlimit(resource, &limit) }
        if limit.rlim_cur < limit.rlim_max {
            limit.rlim_cur = limit.rlim_max
            try SystemCall.blocking("setrlimit") { setrlimit(resource, &limit) }
        }
        return Int(clamping: limit.rlim_cur)
    }
}
