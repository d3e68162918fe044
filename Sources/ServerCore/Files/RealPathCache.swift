import Synchronization
import Transport

/// Real paths of directories. A loop's own cache (with its `TreeWatcher`) watches every
/// directory on the way and trusts an answer until something there changes, so a symbolic link
/// swapped under the tree applies to the next request; the shared one (no watcher) trusts an
/// answer for a second. Bounded; cleared when full.
final class RealPathCache: Sendable {
    /// How long an answer is trusted without a watcher.
    static let lifetimeMilliseconds: Int64 = 1000
    /// Directories remembered before the cache is cleared.
    static let capacity = 4096

    private struct Entry {
        let path: String
        let at: Int64
        /// The watcher's change count when stored (nil: not watched, trust it for a second).
        let changes: Int?
    }

    private let entries = Mutex<[String: Entry]>([:])
    private let watcher: TreeWatcher?

    /// A cache; with `watcher`, answers are kept until a watched directory changes.
    init(watcher: TreeWatcher? = nil) {
        self.watcher = watcher
    }

    /// The real path of `directory`, or nil when it does not exist.
    func realPath(_ directory: String) -> String? {
        let now = SystemClock.monotonicMilliseconds()
        if let hit = entries.withLock({ $0[directory] }) {
            if let changes = hit.changes, let watcher, watcher.isWorking {
                if changes == watcher.changes { return hit.path }
            } else if now - hit.at < RealPathCache.lifetimeMilliseconds {
                return hit.path
            }
        }
        let watched = watcher.flatMap { $0.watchPath(directory) ? $0.changes : nil }
        guard let real = try? FileSystem.realPath(directory) else { return nil }
        entries.withLock { map in
            if map.count >= RealPathCache.capacity { map.removeAll(keepingCapacity: true) }
            map[directory] = Entry(path: real, at: now, changes: watched)
        }
        return real
    }
}
