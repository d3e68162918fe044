import Synchronization
import Transport

/// Real paths of directories, remembered for a second (a symlink swapped under the tree takes
/// effect within that second, like the ACL cache). Bounded; cleared when full.
final class RealPathCache: Sendable {
    /// How long an answer is trusted.
    static let lifetimeMilliseconds: Int64 = 1000
    /// Directories remembered before the cache is cleared.
    static let capacity = 4096

    private let entries = Mutex<[String: (path: String, at: Int64)]>([:])

    /// The real path of `directory`, or nil when it does not exist.
    func realPath(_ directory: String) -> String? {
        let now = SystemClock.monotonicMilliseconds()
        if let hit = entries.withLock({ $0[directory] }), now - hit.at < RealPathCache.lifetimeMilliseconds {
            return hit.path
        }
        guard let real = try? FileSystem.realPath(directory) else { return nil }
        entries.withLock { map in
            if map.count >= RealPathCache.capacity { map.removeAll(keepingCapacity: true) }
            map[directory] = (real, now)
        }
        return real
    }
}
