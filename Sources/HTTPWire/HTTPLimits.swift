/// Every hard limit the HTTP/1.x parsers enforce, in one value so a server can override them
/// together. Each limit is checked as bytes arrive, never after the fact.
public struct HTTPLimits: Sendable, Hashable {
    /// Default for ``maxRequestLineBytes``: 8 KiB, as nginx's `large_client_header_buffers`.
    public static let defaultMaxRequestLineBytes = 8 * 1024
    /// Default for ``maxHeaderBlockBytes``: 32 KiB.
    public static let defaultMaxHeaderBlockBytes = 32 * 1024
    /// Default for ``maxHeaderFields``.
    public static let defaultMaxHeaderFields = 100
    /// Default for ``maxLeadingEmptyLines``.
    public static let defaultMaxLeadingEmptyLines = 4
    /// Default for ``maxBodyBytes``: 64 MiB.
    public static let defaultMaxBodyBytes = 64 * 1024 * 1024
    /// Default for ``maxChunkLineBytes``.
    public static let defaultMaxChunkLineBytes = 4 * 1024
    /// Default for ``maxTrailerBytes``.
    public static let defaultMaxTrailerBytes = 8 * 1024

    /// The longest request line accepted, excluding its CRLF / LF. Longer → 414 (`uriTooLong`).
    public var maxRequestLineBytes: Int
    /// The most bytes of field lines (each including its line ending, excluding the empty line
    /// that ends the head). More → 431 (`headerFieldsTooLarge`).
    public var maxHeaderBlockBytes: Int
    /// The most field lines in one head. More → 431 (`tooManyHeaderFields`).
    public var maxHeaderFields: Int
    /// Empty lines skipped before a request line (RFC 9112 §2.2 asks servers to ignore at least
    /// one). More → 400 (`tooManyLeadingEmptyLines`).
    public var maxLeadingEmptyLines: Int
    /// The largest request body: a larger `Content-Length` is refused in the head, and a chunked
    /// body is refused once it grows past this. More → 413 (`contentTooLarge`).
    public var maxBodyBytes: Int
    /// The longest chunk-size line (size plus extensions, excluding its line ending) in a chunked
    /// body. Longer → 400 (`chunkLineTooLong`).
    public var maxChunkLineBytes: Int
    /// The most bytes of trailer field lines after the last chunk. More → 431 (`trailerTooLarge`).
    public var maxTrailerBytes: Int

    /// The defaults, or any of them overridden.
    public init(
        maxRequestLineBytes: Int = HTTPLimits.defaultMaxRequestLineBytes,
        maxHeaderBlockBytes: Int = HTTPLimits.defaultMaxHeaderBlockBytes,
        maxHeaderFields: Int = HTTPLimits.defaultMaxHeaderFields,
        maxLeadingEmptyLines: Int = HTTPLimits.defaultMaxLeadingEmptyLines,
        maxBodyBytes: Int = HTTPLimits.defaultMaxBodyBytes,
        maxChunkLineBytes: Int = HTTPLimits.defaultMaxChunkLineBytes,
        maxTrailerBytes: Int = HTTPLimits.defaultMaxTrailerBytes
    ) {
        self.maxRequestLineBytes = maxRequestLineBytes
        self.maxHeaderBlockBytes = maxHeaderBlockBytes
        self.maxHeaderFields = maxHeaderFields
        self.maxLeadingEmptyLines = maxLeadingEmptyLines
        self.maxBodyBytes = maxBodyBytes
        self.maxChunkLineBytes = maxChunkLineBytes
        self.maxTrailerBytes = maxTrailerBytes
    }
}
