/// A `multipart/byteranges` body (RFC 9110 §14.6, RFC 2046 §5.1.1) for several ranges of one
/// file, planned up front: the boundary, the `Content-Type` value, the exact `Content-Length`, and
/// the body as segments of literal bytes and file slices, so the server can stream each part from
/// the file (sendfile) without buffering it.
///
/// The body has no preamble or epilogue:
///
///     --BOUNDARY CRLF
///     Content-Type: text/plain CRLF          (only when the representation has a type)
///     Content-Range: bytes 0-9/100 CRLF
///     CRLF
///     <file bytes 0-9> CRLF
///     --BOUNDARY CRLF
///     …
///     <file bytes of the last range> CRLF
///     --BOUNDARY-- CRLF
///
/// The CRLF before each delimiter belongs to the delimiter (RFC 2046 §5.1.1), so the part bodies
/// are exactly the file's bytes.
public struct MultipartByteRanges: Sendable, Hashable {
    /// One piece of the body, in order.
    public enum Segment: Sendable, Hashable {
        /// Bytes to send as they are (delimiters and part headers).
        case bytes([UInt8])
        /// `length` bytes of the file from `offset`.
        case file(offset: Int, length: Int)

        /// The number of bytes this segment puts on the wire.
        public var length: Int {
            switch self {
            case .bytes(let bytes): bytes.count
            case .file(_, let length): length
            }
        }
    }

    /// The boundary, without the leading `--`.
    public let boundary: String
    /// The response's `Content-Type`: `multipart/byteranges; boundary=…`.
    public let contentType: String
    /// The exact number of body bytes the segments add up to.
    public let contentLength: Int
    /// The body, in order; adjacent literal bytes are merged into one segment.
    public let segments: [Segment]

    /// Plans the body for `ranges` (in that order) of a file of `fileSize` bytes whose own type is
    /// `partContentType` (nil: the parts carry no `Content-Type`). Ranges that do not lie within
    /// the file are left out (``ByteRangeSet`` never produces them). The boundary is
    /// ``boundary(seed:)``: pass a seed that differs per response (a counter mixed with a
    /// per-process random value) so that the boundary cannot be predicted and planted in a file.
    public init(ranges: [ClosedRange<Int>], fileSize: Int, partContentType: String?, seed: UInt64) {
        let boundary = Self.boundary(seed: seed)
        let size = max(fileSize, 0)
        var segments: [Segment] = []
        segments.reserveCapacity(ranges.count * 2 + 1)
        var pending: [UInt8] = []
        for range in ranges where range.lowerBound >= 0 && range.upperBound < size {
            if !segments.isEmpty { ASCII.append("\r\n", to: &pending) }
            Self.appendPartHeader(boundary: boundary, range: range, size: size, type: partContentType, to: &pending)
            segments.append(.bytes(pending))
            segments.append(.file(offset: range.lowerBound, length: range.count))
            pending.removeAll(keepingCapacity: true)
        }
        if !segments.isEmpty { ASCII.append("\r\n", to: &pending) }
        ASCII.append("--", to: &pending)
        pending.append(contentsOf: boundary.utf8)
        ASCII.append("--\r\n", to: &pending)
        segments.append(.bytes(pending))
        self.boundary = boundary
        self.contentType = "multipart/byteranges; boundary=" + boundary
        self.segments = segments
        self.contentLength = segments.reduce(0) { $0 + $1.length }
    }

    /// A 32-digit lowercase hexadecimal boundary derived from `seed` by two rounds of SplitMix64,
    /// so that nearby seeds (a counter) give unrelated boundaries. Like nginx's 20-digit boundary it
    /// is not checked against the file's bytes (that would mean reading them); at 128 bits an
    /// accidental match is out of reach. Hex digits are `bchars` (RFC 2046 §5.1.1) and need no
    /// quoting in the `Content-Type` parameter.
    public static func boundary(seed: UInt64) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(32)
        var state = seed
        for _ in 0..<2 {
            state = state &+ 0x9E37_79B9_7F4A_7C15
            var mixed = (state ^ (state >> 30)) &* 0xBF58_476D_1CE4_E5B9
            mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
            ASCII.appendUnsigned(mixed ^ (mixed >> 31), radix: 16, minimumDigits: 16, to: &bytes)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `--boundary CRLF [Content-Type: t CRLF] Content-Range: bytes a-b/size CRLF CRLF`.
    private static func appendPartHeader(
        boundary: String, range: ClosedRange<Int>, size: Int, type: String?, to buffer: inout [UInt8]
    ) {
        ASCII.append("--", to: &buffer)
        buffer.append(contentsOf: boundary.utf8)
        ASCII.append("\r\n", to: &buffer)
        if let type {
            ASCII.append("Content-Type: ", to: &buffer)
            ASCII.appendFieldValue(type, to: &buffer)
            ASCII.append("\r\n", to: &buffer)
        }
        ASCII.append("Content-Range: bytes ", to: &buffer)
        ASCII.appendDecimal(range.lowerBound, to: &buffer)
        buffer.append(ASCII.minus)
        ASCII.appendDecimal(range.upperBound, to: &buffer)
        buffer.append(ASCII.slash)
        ASCII.appendDecimal(size, to: &buffer)
        ASCII.append("\r\n\r\n", to: &buffer)
    }
}
