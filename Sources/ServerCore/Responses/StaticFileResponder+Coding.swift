import HTTPWire
import Protection
import Transport

extension StaticFileResponder {
    /// Files up to this size are gzipped on the request's own turn; larger ones (up to
    /// `CompressedCache.maxBackgroundBytes`) are compressed off the loop, and served as they are
    /// until that is done.
    static var inlineCompressionLimit: Int { 256 * 1024 }
    /// The smallest file worth compressing (issue 14: "text types above 1 KiB").
    static var minimumCompressedSize: Int { 1025 }

    /// The representation to send, by `Accept-Encoding` (RFC 9110 §12.5.3): a precompressed
    /// sibling not older than the file (nginx's `gzip_static`, Caddy's `precompressed`: Brotli,
    /// then gzip), else the file gzipped on the fly (a compressible type in `CompressionTypes`,
    /// over 1 KiB, no `Range` — a 206 is never compressed), else the file. The second value says
    /// whether the answer depends on `Accept-Encoding` (`Vary`). The Gate decided for the file's
    /// own path: a sibling is only ever sent for it, never instead of its own rules.
    func negotiate(_ identity: FileRepresentation, path: String, head: RequestHead) -> (FileRepresentation, varies: Bool) {
        let accept = AcceptEncoding(headers: head.headers)
        let siblings = accept.isPresent ? precompressedSiblings(of: path, notOlderThan: identity.lastModified, accept: accept) : []
        if !siblings.isEmpty, case .coding(let coding) = accept.choose(from: siblings.map(\.coding)),
           let sibling = openSibling(path, coding: coding, type: identity.contentType) {
            return (sibling, true)
        }
        let settings = state.snapshot.ruleFile.settings
        let compressible = settings.compression && identity.size >= Self.minimumCompressedSize
            && state.compressesOnTheFly(identity.contentType)
        guard compressible else { return (identity, !siblings.isEmpty) }
        guard head.headers.firstIndex(of: "Range") == nil, accept.isPresent, accept.quality(of: .gzip) > 0,
              case .coding(.gzip) = accept.choose(from: [.gzip]), let compressed else { return (identity, true) }
        guard let gzipped = compressed.gzipped(path, identity: identity, inlineLimit: Self.inlineCompressionLimit) else { return (identity, true) }
        return (gzipped, true)
    }

    /// The siblings the client accepts at all, in the server's order (Brotli first).
    private func precompressedSiblings(of path: String, notOlderThan seconds: Int, accept: AcceptEncoding) -> [(coding: ContentCoding, path: String)] {
        var found: [(ContentCoding, String)] = []
        for coding in [ContentCoding.br, .gzip] where accept.quality(of: coding) > 0 {
            let sibling = path + coding.fileSuffix
            if let status = try? FileSystem.stat(sibling), status.kind == .regular, Int(status.modificationSeconds) >= seconds,
               allowsSibling(coding.fileSuffix) {
                found.append((coding, sibling))
            }
        }
        return found
    }

    /// The sibling's bytes as a representation of the document (its own validators, the
    /// document's type).
    private func openSibling(_ path: String, coding: ContentCoding, type: String) -> FileRepresentation? {
        guard let fd = try? FileSystem.openForReading(path + coding.fileSuffix) else { return nil }
        guard let status = try? FileSystem.fstat(fd), status.kind == .regular else {
            fd.closeIgnoringErrors()
            return nil
        }
        let etag = EntityTag(modificationSeconds: Int(status.modificationSeconds), modificationNanoseconds: Int(status.modificationNanoseconds),
                             size: Int(status.size), inode: status.inode)
        return FileRepresentation(source: .descriptor(fd), size: Int(status.size), etag: etag, lastModified: Int(status.modificationSeconds),
                                  contentType: type, coding: coding)
    }
}
