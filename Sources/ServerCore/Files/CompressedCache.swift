import Dispatch
import Gzip
import HTTPWire
import Transport

/// Gzipped bodies of compressible documents, per event loop, keyed by the document's path and
/// entity tag, so a hot file is compressed once (a changed file has another tag). Small files are
/// compressed when first asked for; larger ones (up to `maxBackgroundBytes`) on a background
/// queue, the file being served as it is until the result is back on the loop. Bounded; cleared
/// when full. Loop-confined but for the background job, which hands its result back through
/// `EventLoop.execute`.
final class CompressedCache: @unchecked Sendable {
    /// The largest document compressed at all.
    static let maxBackgroundBytes = 8 * 1024 * 1024
    /// Compressed bytes kept per loop.
    static let maxTotalBytes = 32 * 1024 * 1024
    /// The zlib level: Caddy's default, within a few per cent of level 6's output at a
    /// quarter of the search (Sources/Gzip/Gzip.swift).
    static let level = 5
    /// Where large files are compressed.
    private static let queue = DispatchQueue(label: "gatehouse.gzip", qos: .utility)

    private struct Key: Hashable {
        let path: String
        let tag: String
    }

    private let loop: EventLoop
    private var entries: [Key: [UInt8]] = [:]
    private var pending: Set<Key> = []
    private var totalBytes = 0

    /// A cache for `loop`.
    init(loop: EventLoop) {
        self.loop = loop
    }

    /// `identity` gzipped, from the cache or compressed now when it is at most `inlineLimit`
    /// bytes and in memory; nil when it is being (or will be) compressed in the background.
    func gzipped(_ path: String, identity: FileRepresentation, inlineLimit: Int) -> FileRepresentation? {
        let key = Key(path: path, tag: identity.etag.opaqueTag)
        if let body = entries[key] { return representation(body, of: identity) }
        if case .memory(let bytes) = identity.source, bytes.count <= inlineLimit {
            let body = Gzip.compress(bytes, level: Self.level)
            store(body, for: key)
            return representation(body, of: identity)
        }
        compressInBackground(path, key: key, size: identity.size)
        return nil
    }

    private func representation(_ body: [UInt8], of identity: FileRepresentation) -> FileRepresentation? {
        guard let tag = EntityTag(opaqueTag: identity.etag.opaqueTag + "-gzip") else { return nil }
        return FileRepresentation(source: .memory(body), size: body.count, etag: tag, lastModified: identity.lastModified,
                                  contentType: identity.contentType, coding: .gzip)
    }

    private func store(_ body: [UInt8], for key: Key) {
        if totalBytes + body.count > Self.maxTotalBytes {
            entries.removeAll(keepingCapacity: true)
            totalBytes = 0
        }
        entries[key] = body
        totalBytes += body.count
    }

    /// Reads and compresses the file off the loop; the result is kept only if the file still has
    /// the tag it was asked for.
    private func compressInBackground(_ path: String, key: Key, size: Int) {
        guard size <= Self.maxBackgroundBytes, !pending.contains(key) else { return }
        pending.insert(key)
        let loop = self.loop
        Self.queue.async { [self] in
            var body: [UInt8]?
            if let fd = try? FileSystem.openForReading(path) {
                if let status = try? FileSystem.fstat(fd),
                   EntityTag(modificationSeconds: Int(status.modificationSeconds), modificationNanoseconds: Int(status.modificationNanoseconds),
                             size: Int(status.size), inode: status.inode).opaqueTag == key.tag,
                   let bytes = try? FileSystem.readWholeFile(fd, limit: Self.maxBackgroundBytes) {
                    body = Gzip.compress(bytes, level: Self.level)
                }
                fd.closeIgnoringErrors()
            }
            let result = body
            loop.execute { [self] in
                pending.remove(key)
                if let result { store(result, for: key) }
            }
        }
    }
}
