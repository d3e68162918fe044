/// Every fixed limit of the Transport module, in one place.
public enum TransportLimits {
    /// `listen(2)` backlog; the kernel caps it at `net.core.somaxconn` (4096 on current kernels).
    public static let listenBacklog: Int32 = 1024
    /// Connections accepted per readiness event before the loop serves others (fairness; the
    /// listener is level-triggered, so the rest are reported again on the next iteration).
    public static let maxAcceptsPerWakeup = 64
    /// How long an `Acceptor` stops accepting after `EMFILE`/`ENFILE`/`ENOBUFS`/`ENOMEM`, so a
    /// full descriptor table cannot turn the level-triggered listener into a busy loop.
    public static let acceptPauseMilliseconds: Int64 = 100
    /// Events fetched per `epoll_wait`.
    public static let eventsPerWait = 256
    /// Size of each loop's shared read buffer (`EventLoop.readBuffer`).
    public static let loopReadBufferBytes = 64 * 1024
    /// Longest a loop sleeps in `epoll_wait` with no timer due (a safety net, not a tick).
    public static let maxWaitMilliseconds: Int64 = 60_000
    /// Longest line `FileSystem.readLine` accepts by default.
    public static let maxLineBytes = 4096
    /// Chunk size for `FileSystem.readWholeFile`'s reads.
    public static let readChunkBytes = 64 * 1024
    /// Longest thread name Linux keeps (16 bytes including the NUL).
    public static let maxThreadNameBytes = 15
}
