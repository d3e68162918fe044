import HTTPWire
import Protection
import Transport

/// Serves a regular file the Gate allowed: validators (`ETag`, `Last-Modified`), conditional
/// requests (304), a single byte range (206 / 416), and the body — from the loop's small-file
/// cache when the router's `lstat` shows the cached version is current, else by `sendfile`
/// (small files are read once and cached).
struct StaticFileResponder {
    /// Builds the heads and error pages.
    let builder: ResponseBuilder
    /// The configuration (media types).
    let state: ServedState
    /// The loop's small-file cache (nil: always open the file).
    let fileCache: SmallFileCache?

    /// Where the body comes from.
    private enum Source {
        case memory([UInt8])
        case descriptor(FileDescriptor)
    }

    /// The validators and type of a document (cached with small ones).
    private struct Facts {
        let stamp: SmallFileCache.Stamp
        let etag: EntityTag
        let contentType: String
    }

    func respond(file path: String, known: Protection.FileStatus?, head: RequestHead, user: String?) -> ResponsePlan {
        // Fast path: a small file whose cached copy is of the version the router just saw.
        if let known, known.size <= SmallFileCache.maxFileBytes, let cache = fileCache {
            let stamp = SmallFileCache.Stamp(inode: known.inode, size: known.size, seconds: known.modifiedSeconds,
                                             nanoseconds: known.modifiedNanoseconds)
            if var entry = cache.entry(for: path, stamp: stamp) {
                if entry.configuration != state.generation {
                    entry = SmallFileCache.Entry(stamp: stamp, body: entry.body, etag: entry.etag, contentType: state.contentType(for: path),
                                                 configuration: state.generation)
                    cache.store(entry, for: path)
                }
                let facts = Facts(stamp: stamp, etag: entry.etag, contentType: entry.contentType)
                return respond(facts, source: .memory(entry.body), head: head, user: user)
            }
        }
        let fd: FileDescriptor
        do {
            fd = try FileSystem.openForReading(path)
        } catch {
            // Permission problems are the server's configuration, not the client's business: 403.
            let status: HTTPStatus = error == .permissionDenied ? .forbidden : .notFound
            return builder.page(status, detail: nil, user: user)
        }
        guard let status = try? FileSystem.fstat(fd), status.kind == .regular else {
            fd.closeIgnoringErrors()
            return builder.page(.notFound, detail: "The requested document does not exist.", user: user)
        }
        let stamp = SmallFileCache.Stamp(inode: status.inode, size: Int(status.size), seconds: Int(status.modificationSeconds),
                                         nanoseconds: Int(status.modificationNanoseconds))
        let facts = Facts(stamp: stamp, etag: EntityTag(modificationSeconds: stamp.seconds, modificationNanoseconds: stamp.nanoseconds,
                                                        size: stamp.size, inode: stamp.inode),
                          contentType: state.contentType(for: path))
        if stamp.size <= SmallFileCache.maxFileBytes, let cache = fileCache,
           let body = try? FileSystem.readWholeFile(fd, limit: SmallFileCache.maxFileBytes), body.count == stamp.size {
            fd.closeIgnoringErrors()
            cache.store(SmallFileCache.Entry(stamp: stamp, body: body, etag: facts.etag, contentType: facts.contentType,
                                             configuration: state.generation), for: path)
            return respond(facts, source: .memory(body), head: head, user: user)
        }
        return respond(facts, source: .descriptor(fd), head: head, user: user)
    }

    private func respond(_ facts: Facts, source: Source, head: RequestHead, user: String?) -> ResponsePlan {
        func release() {
            if case .descriptor(let fd) = source { fd.closeIgnoringErrors() }
        }
        let size = facts.stamp.size
        let etag = facts.etag
        let lastModified = facts.stamp.seconds
        var h = builder.head(.ok)
        h.etag = etag
        h.lastModified = lastModified
        h.acceptsRanges = true
        h.contentType = facts.contentType

        switch ConditionalRequest.evaluate(method: head.method, headers: head.headers, etag: etag, lastModified: lastModified) {
        case .notModified:
            release()
            h.status = .notModified
            h.contentType = nil
            return ResponsePlan(head: h, body: .none, close: builder.closes(false), user: user)
        case .preconditionFailed:
            release()
            return builder.page(.preconditionFailed, detail: nil, user: user)
        case .proceed:
            break
        }

        var offset = 0
        var length = size
        if head.method == .get, let rangeValue = head.headers["Range"],
           head.headers["If-Range"].map({ ConditionalRequest.evaluateIfRange($0, etag: etag, lastModified: lastModified) }) ?? true {
            switch ByteRange(parsing: rangeValue, fileSize: size) {
            case .satisfiable(let start, let end):
                h.status = .partialContent
                h.fields.append(HTTPField(name: "Content-Range", value: ByteRange.contentRange(start: start, endInclusive: end, size: size)))
                offset = start
                length = end - start + 1
            case .unsatisfiable:
                release()
                return builder.page(.rangeNotSatisfiable, detail: nil,
                                    fields: [HTTPField(name: "Content-Range", value: ByteRange.unsatisfiedContentRange(size: size))], user: user)
            case .ignored:
                break
            }
        }
        h.contentLength = length
        if head.method == .head || length == 0 {
            release()
            return ResponsePlan(head: h, body: .none, close: builder.closes(false), user: user)
        }
        switch source {
        case .memory(let body):
            let bytes = offset == 0 && length == body.count ? body : Array(body[offset..<(offset + length)])
            return ResponsePlan(head: h, body: .bytes(bytes), close: builder.closes(false), user: user)
        case .descriptor(let fd):
            return ResponsePlan(head: h, body: .file(fd, offset: Int64(offset), length: length), close: builder.closes(false), user: user)
        }
    }
}
