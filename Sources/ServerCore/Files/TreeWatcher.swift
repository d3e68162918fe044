import Protection
import Transport

/// One loop's view of changes on disk: an inotify watch on every directory whose contents a
/// cached answer depends on (from a document's directory up to its `Pass` root), and a count of
/// changes seen. Anything cached under an older count is stale. The loop handles the watcher's
/// events before the requests of the same batch (`EventLoop.priorityDescriptor`), so a file
/// changed before a request was sent is never answered from the cache. The loop's ACL and
/// real-path caches use it too, so an edit to a `.www_acl` or a directory swapped for a
/// symbolic link applies to the next request rather than within a second.
///
/// Loop-confined (`@unchecked Sendable` only so the loop's caches, which must be `Sendable` for
/// the shared variants, can hold it).
final class TreeWatcher: EventHandler, @unchecked Sendable {
    /// The most directories watched; past it nothing more is cached.
    static let maxDirectories = 2048

    private let watcher: DirectoryWatcher
    private let loop: EventLoop
    /// Changes seen so far (every event counts).
    private(set) var changes = 0
    /// False once the watcher failed: nothing may be answered from what it guarded.
    private(set) var isWorking = true

    /// A watcher registered on `loop`; nil when inotify is not available (nothing is cached then).
    init?(loop: EventLoop) {
        guard let watcher = try? DirectoryWatcher() else { return nil }
        self.watcher = watcher
        self.loop = loop
        do {
            try loop.register(watcher.descriptor, interest: .readable, handler: self)
        } catch {
            return nil
        }
        loop.priorityDescriptor = watcher.descriptor
    }

    /// Watches every directory from `path`'s up to `root` (inclusive), every entry of each;
    /// false when one cannot be watched (then the answer must not be cached).
    func watchAncestors(of path: String, upTo root: String) -> Bool {
        var directory = PathResolution.directory(of: path)
        let top = root.hasSuffix("/") && root.count > 1 ? String(root.dropLast()) : root
        for _ in 0..<64 {
            guard watch(directory, for: .everything) else { return false }
            if directory == top || directory == "/" || directory.isEmpty { return true }
            directory = PathResolution.directory(of: directory)
        }
        return false
    }

    /// Watches what `directory` resolves to: the directory itself (and its entries named in
    /// `entries`), and in every directory above it the one entry on the way down (a rename or a
    /// symbolic link anywhere on the way changes what it resolves to, a log file written beside
    /// it does not); false when one cannot be watched.
    func watchPath(_ directory: String, entries: Set<String> = []) -> Bool {
        var child = directory.count > 1 && directory.hasSuffix("/") ? String(directory.dropLast()) : directory
        guard watch(child, for: .names(entries)) else { return false }
        for _ in 0..<64 {
            if child == "/" || child == "." || child.isEmpty { return true }
            let parent = PathResolution.directory(of: child)
            guard watch(parent, for: .names([PathResolution.lastComponent(of: child)])) else { return false }
            child = parent
        }
        return false
    }

    /// Watches `directory` for `interest` unless it is watched for it already; false when it
    /// cannot be (the limit of directories reached, or inotify refused).
    private func watch(_ directory: String, for interest: DirectoryWatcher.Interest) -> Bool {
        if watcher.isWatching(directory, for: interest) { return true }
        if !watcher.isWatching(directory), watcher.count >= TreeWatcher.maxDirectories { return false }
        return watcher.watch(directory, for: interest)
    }

    func readable() {
        let events = watcher.drain(into: loop.readBuffer)
        if events > 0 { changes &+= 1 }
    }

    func writable() {}

    func hangup() {
        // The watcher failed: nothing cached may be trusted from now on.
        changes &+= 1
        isWorking = false
        try? loop.unregister(watcher.descriptor)
    }
}
