import Glibc

/// Facts about the machine the server runs on.
public enum SystemInfo {
    /// Online processors (`sysconf(_SC_NPROCESSORS_ONLN)`), at least 1.
    public static var processorCount: Int {
        max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
    }
}
