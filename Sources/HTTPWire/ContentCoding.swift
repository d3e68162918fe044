/// A content coding Gatehouse can send (RFC 9110 §8.4.1): what ``AcceptEncoding`` chooses among.
/// The server says which ones it has for a response (a precompressed sibling file, or gzip on the
/// fly), in its order of preference.
public enum ContentCoding: Sendable, Hashable, CaseIterable {
    /// Brotli (RFC 7932), typically precompressed as `name.br`.
    case br
    /// gzip (RFC 9110 §8.4.1.3; `x-gzip` is accepted as its alias), precompressed as `name.gz` or
    /// encoded on the fly.
    case gzip

    /// The `Content-Encoding` value.
    public var token: String {
        switch self {
        case .br: "br"
        case .gzip: "gzip"
        }
    }

    /// The suffix of a precompressed sibling file, as nginx's `gzip_static` and `brotli_static`
    /// look for it: `index.html.gz`, `index.html.br`.
    public var fileSuffix: String {
        switch self {
        case .br: ".br"
        case .gzip: ".gz"
        }
    }
}
