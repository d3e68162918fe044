import HTTPWire
import Transport

/// Serves a regular file the Gate allowed: validators (`ETag`, `Last-Modified`), conditional
/// requests (304), a single byte range (206 / 416), and the body by `sendfile`.
struct StaticFileResponder {
    let handler: RequestHandler

    func respond(file path: String, head: RequestHead, user: String?) -> ResponsePlan {
        let fd: FileDescriptor
        do {
            fd = try FileSystem.openForReading(path)
        } catch {
            // Permission problems are the server's configuration, not the client's business: 403.
            let status: HTTPStatus = error.code == 13 ? .forbidden : .notFound
            return handler.error(status, head, user: user)
        }
        guard let status = try? FileSystem.fstat(fd), status.kind == .regular else {
            fd.closeIgnoringErrors()
            return handler.error(.notFound, head, user: user)
        }
        let size = Int(status.size)
        let etag = EntityTag(modificationSeconds: Int(status.modificationSeconds), modificationNanoseconds: Int(status.modificationNanoseconds),
                             size: size, inode: status.inode)
        let lastModified = Int(status.modificationSeconds)
        var h = handler.makeHead(.ok, head, close: false)
        h.etag = etag
        h.lastModified = lastModified
        h.acceptsRanges = true
        h.contentType = handler.state.contentType(for: path)

        switch ConditionalRequest.evaluate(method: head.method, headers: head.headers, etag: etag, lastModified: lastModified) {
        case .notModified:
            fd.closeIgnoringErrors()
            h.status = .notModified
            h.contentType = nil
            return ResponsePlan(head: h, body: .none, close: !head.keepAlive, user: user)
        case .preconditionFailed:
            fd.closeIgnoringErrors()
            return handler.error(.preconditionFailed, head, user: user)
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
                fd.closeIgnoringErrors()
                var plan = handler.error(.rangeNotSatisfiable, head, user: user)
                plan.head.fields.append(HTTPField(name: "Content-Range", value: ByteRange.unsatisfiedContentRange(size: size)))
                return plan
            case .ignored:
                break
            }
        }
        h.contentLength = length
        if head.method == .head || length == 0 {
            fd.closeIgnoringErrors()
            return ResponsePlan(head: h, body: .none, close: !head.keepAlive, user: user)
        }
        return ResponsePlan(head: h, body: .file(fd, offset: Int64(offset), length: length), close: !head.keepAlive, user: user)
    }
}
