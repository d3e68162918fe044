import HTTPWire

/// Small documents kept in memory by one event loop, so serving one costs no `open`, `fstat`,
/// `sendfile` or `close`: the head and the body leave in one `write`. An entry is used only when
/// the file's inode, size and modification time (from the router's `lstat` of this very request)
/// still match, so an edit or a PUT is seen at once. Loop-confined: no lock. (`@unchecked
/// Sendable` only because request handlers, which carry a reference, are handed to the
/// publishing queue for building responses; nothing off the loop touches the cache.)
final class SmallFileCache: @unchecked Sendable {
    /// Files larger than this are always sent with `sendfile`.
    static let maxFileBytes = 32 * 1024
    /// Bytes held at most per loop; past it the cache starts again empty.
    static let maxTotalBytes = 8 * 1024 * 1024

    /// What identifies the version of a file the bytes came from.
    struct Stamp: Equatable {
        let inode: UInt64
        let size: Int
        let seconds: Int
        let nanoseconds: Int
    }

    /// A cached document: its bytes and what the responder derives from the file.
    struct Entry {
        let stamp: Stamp
        let body: [UInt8]
        let etag: EntityTag
        let contentType: String
        /// The configuration the type came from (a reload may change `AddType`).
        let configuration: Int
    }

    private var entries: [String: Entry] = [:]
    private var totalBytes = 0

    /// The cached document at `path`, when it is of this version.
    func entry(for path: String, stamp: Stamp) -> Entry? {
        guard let entry = entries[path], entry.stamp == stamp else { return nil }
        return entry
    }

    /// Remembers a document.
    func store(_ entry: Entry, for path: String) {
        guard entry.body.count <= SmallFileCache.maxFileBytes else { return }
        if let old = entries[path] { totalBytes -= old.body.count }
        if totalBytes + entry.body.count > SmallFileCache.maxTotalBytes {
            entries.removeAll(keepingCapacity: true)
            totalBytes = 0
        }
        entries[path] = entry
        totalBytes += entry.body.count
    }
}
