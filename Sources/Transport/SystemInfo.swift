import CSystem
import Glibc

/// Facts about the machine the server runs on.
public enum SystemInfo {
    /// Online processors (`sysconf(_SC_NPROCESSORS_ONLN)`), at least 1.
    public static var processorCount: Int {
        max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
    }

    /// Processors this process may run on: its CPU affinity mask (narrowed by `taskset`, cgroup
    /// cpusets or container limits), falling back to `processorCount`. The default worker count:
    /// a second event loop on a core the process cannot use only adds time slicing between loops.
    public static var usableProcessorCount: Int {
        let n = Int(csys_usable_cpu_count())
        return n > 0 ? min(n, processorCount) : processorCount
    }
}

/// The process's heap, as glibc's allocator keeps it.
public enum ProcessMemory {
    /// Gives freed heap memory back to the system (`malloc_trim(0)`): after thousands of
    /// connections closed, their buffers are free but still counted in the resident size.
    public static func returnFreedMemory() {
        _ = csys_malloc_trim()
    }
}
