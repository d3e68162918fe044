import HTTPWire
import Transport

/// One representation of a document the static responder may send: the file itself, a
/// precompressed sibling (`x.html.br`, `x.html.gz`), or the file gzipped on the fly — its bytes
/// (in memory, or an open file), validators, type and content coding.
struct FileRepresentation {
    /// Where the bytes come from.
    enum Source {
        case memory([UInt8])
        case descriptor(FileDescriptor)
    }

    /// The bytes.
    var source: Source
    /// Their length.
    let size: Int
    /// The strong validator; distinct per coding (RFC 9110 §8.8.3: a tag names one representation).
    let etag: EntityTag
    /// `Last-Modified`, Unix seconds.
    let lastModified: Int
    /// The document's media type (a sibling keeps the original's).
    let contentType: String
    /// `Content-Encoding`, nil for identity.
    let coding: ContentCoding?

    /// Closes the file, when the representation will not be sent.
    func release() {
        if case .descriptor(let fd) = source { fd.closeIgnoringErrors() }
    }
}
