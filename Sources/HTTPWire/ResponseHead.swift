/// A response head to serialise: the status line in the request's version, the common fields as
/// typed properties written by fast paths, then any other fields in order.
///
/// Response splitting cannot happen through it: control bytes other than HTAB (CR, LF, NUL, …) are
/// stripped from every value, and a field whose name is not a token is skipped.
public struct ResponseHead: Sendable {
    /// The `Connection` option to send.
    public enum Connection: Sendable, Hashable {
        /// `Connection: close`.
        case close
        /// `Connection: keep-alive` (needed by HTTP/1.0 clients).
        case keepAlive
    }

    /// The status.
    public var status: HTTPStatus
    /// The request's version: `HTTP/1.0` or `HTTP/1.1` is written; for `.http09` nothing is
    /// written at all (an HTTP/0.9 response is the body alone, RFC 1945 §6).
    public var version: HTTPVersion
    /// `Date`: an IMF-fixdate, typically the server's per-second cache of ``HTTPDate/format(_:)``.
    public var date: String?
    /// `Server`.
    public var server: String?
    /// `Content-Type`.
    public var contentType: String?
    /// `Content-Length`.
    public var contentLength: Int?
    /// `Last-Modified`, as Unix seconds (formatted as an IMF-fixdate).
    public var lastModified: Int?
    /// `ETag`.
    public var etag: EntityTag?
    /// Whether to send `Accept-Ranges: bytes`.
    public var acceptsRanges: Bool
    /// `Connection`, if any.
    public var connection: Connection?
    /// Further fields (`Location`, `Content-Range`, `WWW-Authenticate`, `Allow`, …), written last, in order.
    public var fields: [HTTPField]

    /// A head with only a status line; set the rest as needed.
    public init(
        status: HTTPStatus, version: HTTPVersion, date: String? = nil, server: String? = nil,
        contentType: String? = nil, contentLength: Int? = nil, lastModified: Int? = nil,
        etag: EntityTag? = nil, acceptsRanges: Bool = false, connection: Connection? = nil,
        fields: [HTTPField] = []
    ) {
        self.status = status
        self.version = version
        self.date = date
        self.server = server
        self.contentType = contentType
        self.contentLength = contentLength
        self.lastModified = lastModified
        self.etag = etag
        self.acceptsRanges = acceptsRanges
        self.connection = connection
        self.fields = fields
    }

    /// Appends the head, ending with the empty line, to `buffer` (clear a reused buffer first,
    /// keeping its capacity).
    public func serialise(into buffer: inout [UInt8]) {
        switch version {
        case .http09: return
        case .http10: ASCII.append("HTTP/1.0 ", to: &buffer)
        case .http11: ASCII.append("HTTP/1.1 ", to: &buffer)
        }
        ASCII.appendUnsigned(UInt64(status.code), radix: 10, minimumDigits: 3, to: &buffer)
        buffer.append(ASCII.space)
        ASCII.append(status.reasonPhraseLiteral, to: &buffer)
        ASCII.append("\r\n", to: &buffer)
        if let date { appendField("Date: ", date, to: &buffer) }
        if let server { appendField("Server: ", server, to: &buffer) }
        if let contentType { appendField("Content-Type: ", contentType, to: &buffer) }
        if let contentLength {
            ASCII.append("Content-Length: ", to: &buffer)
            ASCII.appendDecimal(contentLength, to: &buffer)
            ASCII.append("\r\n", to: &buffer)
        }
        if let lastModified {
            ASCII.append("Last-Modified: ", to: &buffer)
            HTTPDate.format(lastModified, into: &buffer)
            ASCII.append("\r\n", to: &buffer)
        }
        if let etag { appendField("ETag: ", etag.headerValue, to: &buffer) }
        if acceptsRanges { ASCII.append("Accept-Ranges: bytes\r\n", to: &buffer) }
        switch connection {
        case .close: ASCII.append("Connection: close\r\n", to: &buffer)
        case .keepAlive: ASCII.append("Connection: keep-alive\r\n", to: &buffer)
        case nil: break
        }
        for field in fields where !field.name.isEmpty && field.name.utf8.allSatisfy(ASCII.isTChar) {
            buffer.append(contentsOf: field.name.utf8)
            ASCII.append(": ", to: &buffer)
            ASCII.appendFieldValue(field.value, to: &buffer)
            ASCII.append("\r\n", to: &buffer)
        }
        ASCII.append("\r\n", to: &buffer)
    }

    /// The serialised head as a new array.
    public var bytes: [UInt8] {
        var buffer: [UInt8] = []
        serialise(into: &buffer)
        return buffer
    }

    private func appendField(_ prefix: StaticString, _ value: String, to buffer: inout [UInt8]) {
        ASCII.append(prefix, to: &buffer)
        ASCII.appendFieldValue(value, to: &buffer)
        ASCII.append("\r\n", to: &buffer)
    }
}
