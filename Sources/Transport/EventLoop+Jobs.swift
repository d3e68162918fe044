import CSystem
import Glibc

extension EventLoop {
    /// Runs `job` on the loop's thread during a later iteration. Any thread; jobs run in the
    /// order posted. The loop is woken through its eventfd only when the queue was empty.
    public func execute(_ job: @escaping @Sendable () -> Void) {
        let wasEmpty = pendingJobs.withLock { queue in
            queue.append(job)
            return queue.count == 1
        }
        if wasEmpty { wake() }
    }

    /// Bumps the eventfd so `epoll_wait` returns.
    func wake() {
        var one: UInt64 = 1
        // EAGAIN means the counter is already huge, i.e. a wakeup is pending: nothing to do.
        _ = try? SystemCall.nonBlocking("write(eventfd)") { Glibc.write(wakeup.rawValue, &one, MemoryLayout<UInt64>.size) }
    }

    /// Resets the eventfd, then runs every job posted so far. Jobs posted while these run (or
    /// after the reset) re-arm the eventfd and run on the next iteration.
    func runPostedJobs() {
        var counter: UInt64 = 0
        _ = try? SystemCall.nonBlocking("read(eventfd)") { Glibc.read(wakeup.rawValue, &counter, MemoryLayout<UInt64>.size) }
        pendingJobs.withLock { queue in swap(&queue, &runningJobs) }
        for job in runningJobs { job() }
        runningJobs.removeAll(keepingCapacity: true)
    }
}
