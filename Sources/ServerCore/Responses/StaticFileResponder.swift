import HTTPWire
import Protection
import Transport

/// Serves a regular file the Gate allowed: picks the representation (the file, a precompressed
/// sibling, or gzip on the fly, by `Accept-Encoding`), then validators (`ETag`,
/// `Last-Modified`), conditional requests (304 / 412), byte ranges (206, `multipart/byteranges`,
/// 416) and the body — from the loop's small-file cache when the router's `lstat` shows the
/// cached version is current, else by `sendfile` (small files are read once and cached).
struct StaticFileResponder {
    /// Builds the heads and error pages.
    let builder: ResponseBuilder
    /// The configuration (media types, compression).
    let state: ServedState
    /// The loop's small-file cache (nil: always open the file).
    let fileCache: SmallFileCache?
    /// The loop's cache of gzipped bodies (nil: no compression on the fly).
    let compressed: CompressedCache?
    /// Whether the sibling with this suffix may stand in for the document (the decision for the
    /// sibling's own URL serves it to this client too).
    var allowsSibling: (String) -> Bool = { _ in false }

    func respond(file path: String, known: Protection.FileStatus?, head: RequestHead, user: String?) -> ResponsePlan {
        let identity: FileRepresentation
        switch open(path, known: known) {
        case .failure(let refusal):
            let status = refusal.status
            return builder.page(status, detail: status == .notFound ? "The requested document does not exist." : nil, user: user)
        case .success(let representation):
            identity = representation
        }
        let (chosen, varies) = negotiate(identity, path: path, head: head)
        if chosen.coding != nil { identity.release() }
        return respond(chosen, varies: varies, head: head, user: user)
    }

    /// The document itself: from the cache when the router's `lstat` matches, else opened (small
    /// ones then read and cached). 404 when it is gone or not a file, 403 when unreadable.
    /// Why a document cannot be opened: the status to answer.
    private struct Refusal: Error {
        let status: HTTPStatus
    }

    private func open(_ path: String, known: Protection.FileStatus?) -> Result<FileRepresentation, Refusal> {
        if let known, known.size <= SmallFileCache.maxFileBytes, let cache = fileCache {
            let stamp = SmallFileCache.Stamp(inode: known.inode, size: known.size, seconds: known.modifiedSeconds,
                                             nanoseconds: known.modifiedNanoseconds)
            if var entry = cache.entry(for: path, stamp: stamp) {
                if entry.configuration != state.generation {
                    entry = SmallFileCache.Entry(stamp: stamp, body: entry.body, etag: entry.etag, contentType: state.contentType(for: path),
                                                 configuration: state.generation)
                    cache.store(entry, for: path)
                }
                return .success(FileRepresentation(source: .memory(entry.body), size: stamp.size, etag: entry.etag,
                                                   lastModified: stamp.seconds, contentType: entry.contentType, coding: nil))
            }
        }
        let fd: FileDescriptor
        do {
            fd = try FileSystem.openForReading(path)
        } catch {
            // Permission problems are the server's configuration, not the client's business: 403.
            return .failure(Refusal(status: error == .permissionDenied ? .forbidden : .notFound))
        }
        guard let status = try? FileSystem.fstat(fd), status.kind == .regular else {
            fd.closeIgnoringErrors()
            return .failure(Refusal(status: .notFound))
        }
        let stamp = SmallFileCache.Stamp(inode: status.inode, size: Int(status.size), seconds: Int(status.modificationSeconds),
                                         nanoseconds: Int(status.modificationNanoseconds))
        let etag = EntityTag(modificationSeconds: stamp.seconds, modificationNanoseconds: stamp.nanoseconds, size: stamp.size, inode: stamp.inode)
        let type = state.contentType(for: path)
        if stamp.size <= SmallFileCache.maxFileBytes, let cache = fileCache,
           let body = try? FileSystem.readWholeFile(fd, limit: SmallFileCache.maxFileBytes), body.count == stamp.size {
            fd.closeIgnoringErrors()
            cache.store(SmallFileCache.Entry(stamp: stamp, body: body, etag: etag, contentType: type, configuration: state.generation), for: path)
            return .success(FileRepresentation(source: .memory(body), size: stamp.size, etag: etag, lastModified: stamp.seconds,
                                               contentType: type, coding: nil))
        }
        return .success(FileRepresentation(source: .descriptor(fd), size: stamp.size, etag: etag, lastModified: stamp.seconds,
                                           contentType: type, coding: nil))
    }

    /// Validators, conditionals, ranges and the body of `representation`.
    private func respond(_ representation: FileRepresentation, varies: Bool, head: RequestHead, user: String?) -> ResponsePlan {
        let etag = representation.etag
        var h = builder.head(.ok)
        h.etag = etag
        h.lastModified = representation.lastModified
        h.acceptsRanges = true
        h.contentType = representation.contentType
        if let coding = representation.coding { h.fields.append(HTTPField(name: "Content-Encoding", value: coding.token)) }
        // RFC 9110 §12.5.5: a response chosen by Accept-Encoding says so, whichever it was.
        if varies { h.fields.append(HTTPField(name: "Vary", value: "Accept-Encoding")) }

        switch ConditionalRequest.evaluate(method: head.method, headers: head.headers, etag: etag, lastModified: representation.lastModified) {
        case .notModified:
            representation.release()
            h.status = .notModified
            h.contentType = nil
            h.fields.removeAll { $0.name == "Content-Encoding" }
            return ResponsePlan(head: h, body: .none, close: builder.closes(false), user: user)
        case .preconditionFailed:
            representation.release()
            return builder.page(.preconditionFailed, detail: nil, user: user)
        case .proceed:
            break
        }
        return ranged(representation, head: h, request: head, user: user)
    }
}
