import Protection
import Synchronization
import Transport

/// `.www_acl` files by directory, parsed once and revalidated by `stat` at most once a second, so
/// an edit takes effect within a second without re-reading the file on every request. Shared by
/// every loop (one small lock).
public final class ACLCache: GateFileAccess, Sendable {
    /// How long a cached answer is trusted before `stat` checks the file again.
    public static let revalidateMilliseconds: Int64 = 1000
    /// Directories remembered; the cache is cleared when it grows past this.
    public static let capacity = 4096

    private struct Entry {
        var checkedAt: Int64
        var stamp: FileStamp?
        var lookup: ACLLookup
        /// The watcher's change count when checked (nil: not watched).
        var changes: Int?
    }

    private let entries = Mutex<[String: Entry]>([:])
    private let fs = DiskFileSystem()
    private let watcher: TreeWatcher?

    /// An empty cache (the shared one, revalidated by `stat` once a second).
    public init() { watcher = nil }

    /// A loop's cache: a directory's answer is kept until its `TreeWatcher` sees a change there.
    init(watcher: TreeWatcher?) { self.watcher = watcher }

    /// The ACL file of `directory`, from the cache when nothing changed there (watched) or it
    /// was checked within the last second.
    public func aclFile(inDirectory directory: String) -> ACLLookup {
        let now = SystemClock.monotonicMilliseconds()
        let dir = directory.hasSuffix("/") ? String(directory.dropLast()) : directory
        if let hit = entries.withLock({ $0[dir] }) {
            if let changes = hit.changes, let watcher, watcher.isWorking {
                if changes == watcher.changes { return hit.lookup }
            } else if now - hit.checkedAt < ACLCache.revalidateMilliseconds {
                return hit.lookup
            }
        }
        let watched = watcher.flatMap { $0.watchPath(dir, entries: [aclFileName]) ? $0.changes : nil }
        let path = dir + "/" + aclFileName
        let stamp = FileStamp(path: path)
        if let hit = entries.withLock({ $0[dir] }), hit.stamp == stamp {
            entries.withLock {
                $0[dir]?.checkedAt = now
                $0[dir]?.changes = watched
            }
            return hit.lookup
        }
        let lookup: ACLLookup = stamp == nil ? .absent : DirectGateFiles(fs).aclFile(inDirectory: dir)
        entries.withLock { map in
            if map.count >= ACLCache.capacity { map.removeAll(keepingCapacity: true) }
            map[dir] = Entry(checkedAt: now, stamp: stamp, lookup: lookup, changes: watched)
        }
        return lookup
    }

    /// Whether the path exists.
    public func exists(_ path: String) -> Bool {
        (try? FileSystem.stat(path)) != nil
    }
}

/// What identifies a version of a file on disk: size, modification time and inode.
struct FileStamp: Hashable, Sendable {
    let size: Int64
    let seconds: Int64
    let nanoseconds: Int32
    let inode: UInt64

    /// The stamp of `path`, or nil when it does not exist.
    init?(path: String) {
        guard let s = try? FileSystem.stat(path) else { return nil }
        size = s.size
        seconds = s.modificationSeconds
        nanoseconds = s.modificationNanoseconds
        inode = s.inode
    }
}
