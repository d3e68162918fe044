import CSystem
import Glibc

/// Watches directories for changes to their entries (`inotify(7)`): a file written, created,
/// removed, renamed or with changed attributes, a subdirectory swapped, the directory itself
/// moved or removed. Non-blocking; register `descriptor` on an event loop for `.readable` and
/// call `drain` when it is ready. Used by a loop to invalidate what it cached from the disk.
///
/// Each watch has an interest: every entry of the directory, or only some names (an ancestor of
/// a served tree matters only through the one entry on the way down, so a log file written
/// beside the tree, or anything created in `/tmp`, is not a change). Events on the directory
/// itself, a lost watch and a queue overflow always count.
public final class DirectoryWatcher {
    /// Which entries of a watched directory matter.
    public enum Interest: Equatable, Sendable {
        /// Every entry.
        case everything
        /// Only these names (an empty set: the directory itself only).
        case names(Set<String>)

        /// Both interests at once.
        func union(_ other: Interest) -> Interest {
            switch (self, other) {
            case (.names(let a), .names(let b)): return .names(a.union(b))
            default: return .everything
            }
        }

        /// Whether an event about the entry `name` matters.
        func covers(_ name: UnsafeRawBufferPointer) -> Bool {
            switch self {
            case .everything: return true
            case .names(let names):
                let length = name.firstIndex(of: 0) ?? name.count
                return names.contains(String(decoding: UnsafeRawBufferPointer(rebasing: name[..<length]), as: UTF8.self))
            }
        }
    }

    /// The inotify descriptor.
    public let descriptor: FileDescriptor
    /// Watched directories (path → watch descriptor). Two paths to one directory share one.
    private var watches: [String: Int32] = [:]
    /// What matters in each watch (watch descriptor → interest).
    private var interests: [Int32: Interest] = [:]

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

    /// Whether `directory` is watched already with (at least) `interest`.
    public func isWatching(_ directory: String, for interest: Interest = .names([])) -> Bool {
        guard let wd = watches[directory], let held = interests[wd] else { return false }
        return held.union(interest) == held
    }

    /// Starts watching `directory` for `interest`, widening the interest of a watch it has
    /// already; false when it cannot be watched (gone, no permission, the system's watch limit).
    @discardableResult
    public func watch(_ directory: String, for interest: Interest = .everything) -> Bool {
        let known = watches[directory]
        guard let wd = known ?? (try? SystemCall.blocking("inotify_add_watch", { () -> Int32 in
            directory.withCString { inotify_add_watch(descriptor.rawValue, $0, DirectoryWatcher.mask) }
        })) else { return false }
        watches[directory] = wd
        // Another path to the same directory may have watched it already (inotify returns its wd).
        interests[wd] = interests[wd].map { $0.union(interest) } ?? interest
        return true
    }

    /// Forgets every watch (the kernel's and ours).
    public func removeAll() {
        for wd in Set(watches.values) { _ = inotify_rm_watch(descriptor.rawValue, wd) }
        watches.removeAll()
        interests.removeAll()
    }

    /// Reads every pending event; returns how many of them matter (0: nothing that is watched
    /// for changed). A directory that was removed or moved loses its watch, so it is forgotten too.
    public func drain(into buffer: UnsafeMutableRawBufferPointer) -> Int {
        var events = 0
        let header = MemoryLayout<inotify_event>.size
        while true {
            guard case .done(let n)? = try? SystemCall.nonBlocking("read(inotify)", { Glibc.read(descriptor.rawValue, buffer.baseAddress, buffer.count) }),
                  n > 0 else { break }
            var offset = 0
            while offset + header <= n {
                let event = buffer.loadUnaligned(fromByteOffset: offset, as: inotify_event.self)
                let nameEnd = min(offset + header + Int(event.len), n)
                let name = UnsafeRawBufferPointer(rebasing: buffer[(offset + header)..<nameEnd])
                if matters(event, name: name) { events += 1 }
                if event.mask & UInt32(IN_IGNORED) != 0 { forget(event.wd) }
                offset += header + Int(event.len)
            }
        }
        return events
    }

    /// Whether `event` (about the entry `name`, empty for the directory itself) is a change.
    private func matters(_ event: inotify_event, name: UnsafeRawBufferPointer) -> Bool {
        if event.len == 0 || event.mask & UInt32(IN_IGNORED | IN_Q_OVERFLOW) != 0 { return true }
        guard let interest = interests[event.wd] else { return true }
        return interest.covers(name)
    }

    /// Forgets a watch the kernel removed, under every path that led to it.
    private func forget(_ wd: Int32) {
        interests[wd] = nil
        for (path, held) in watches where held == wd { watches[path] = nil }
    }
}
