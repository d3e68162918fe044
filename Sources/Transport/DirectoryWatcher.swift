import CSystem
import Glibc

/// Watches directories for changes to their entries (`inotify(7)`): a file written, created,
/// removed, renamed or with changed attributes, a subdirectory swapped, the directory itself
/// moved or removed. Non-blocking; register `descriptor` on an event loop for `.readable` and
/// call `drain` when it is ready. Used by a loop to invalidate what it cached from the disk.
public final class DirectoryWatcher {
    /// The inotify descriptor.
    public let descriptor: FileDescriptor
    /// Watched directories (path → watch descriptor).
    private var watches: [String: Int32] = [:]

    /// What changes are reported: anything that can change what a path resolves to or holds.
    private static let mask = UInt32(IN_MODIFY | IN_ATTRIB | IN_CLOSE_WRITE | IN_MOVED_FROM | IN_MOVED_TO | IN_CREATE | IN_DELETE
        | IN_DELETE_SELF | IN_MOVE_SELF)

    /// A new watcher with no watches.
    public init() throws(Errno) {
        let fd = try SystemCall.blocking("inotify_init1") { inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC)) }
        descriptor = FileDescriptor(rawValue: fd)
    }

    deinit { descriptor.closeIgnoringErrors() }

    /// How many directories are watched.
    public var count: Int { watches.count }

    /// Whether `directory` is watched already.
    public func isWatching(_ directory: String) -> Bool { watches[directory] != nil }

    /// Starts watching `directory` (once); false when it cannot be watched (gone, no permission,
    /// the system's watch limit).
    @discardableResult
    public func watch(_ directory: String) -> Bool {
        if watches[directory] != nil { return true }
        guard let wd = try? SystemCall.blocking("inotify_add_watch", { () -> Int32 in
            directory.withCString { inotify_add_watch(descriptor.rawValue, $0, DirectoryWatcher.mask) }
        }) else { return false }
        watches[directory] = wd
        return true
    }

    /// Forgets every watch (the kernel's and ours).
    public func removeAll() {
        for wd in watches.values { _ = inotify_rm_watch(descriptor.rawValue, wd) }
        watches.removeAll()
    }

    /// Reads every pending event; returns how many there were (0: nothing happened). A
    /// directory that was removed or moved loses its watch, so it is forgotten too.
    public func drain(into buffer: UnsafeMutableRawBufferPointer) -> Int {
        var events = 0
        while true {
            guard case .done(let n)? = try? SystemCall.nonBlocking("read(inotify)", { Glibc.read(descriptor.rawValue, buffer.baseAddress, buffer.count) }),
                  n > 0 else { break }
            var offset = 0
            while offset + MemoryLayout<inotify_event>.size <= n {
                let event = buffer.loadUnaligned(fromByteOffset: offset, as: inotify_event.self)
                events += 1
                if event.mask & UInt32(IN_IGNORED) != 0, let path = watches.first(where: { $0.value == event.wd })?.key {
                    watches[path] = nil
                }
                offset += MemoryLayout<inotify_event>.size + Int(event.len)
            }
        }
        return events
    }
}
