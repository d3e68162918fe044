/// The outcome of a `Range` request header against a file of known size (RFC 9110 §14.1.2, §14.2).
///
/// The single-range view: a malformed header, another unit, or more than one range is `.ignored`
/// and the whole file is sent with 200 (RFC 9110 §14.2 lets a server ignore `Range`). For several
/// ranges (multipart/byteranges) use ``ByteRangeSet``, which applies the same rules per range.
public enum ByteRange: Sendable, Hashable {
    /// Send bytes `start ... endInclusive` with 206 and ``contentRange(start:endInclusive:size:)``.
    case satisfiable(start: Int, endInclusive: Int)
    /// Answer 416 with ``unsatisfiedContentRange(size:)``.
    case unsatisfiable
    /// Ignore the header and send the whole file.
    case ignored

    /// Evaluates a `Range` field value (`bytes=a-b`, `bytes=a-`, `bytes=-n`; unit case-insensitive,
    /// OWS around the range allowed) against `fileSize`, with ``ByteRangeSet``'s rules for one
    /// range: `a-b` with `b < a` is malformed (ignored); `b` past the end is clamped; a start at or
    /// past the end, a zero suffix, or any range of an empty file is unsatisfiable. A list of more
    /// than one range is ignored.
    public init(parsing value: String, fileSize: Int) {
        switch ByteRangeSet(parsing: value, fileSize: fileSize, maxRanges: 1) {
        case .satisfiable(let ranges):
            // maxRanges 1: exactly one range.
            self = ranges.first.map { .satisfiable(start: $0.lowerBound, endInclusive: $0.upperBound) } ?? .ignored
        case .unsatisfiable: self = .unsatisfiable
        case .ignored: self = .ignored
        }
    }

    /// The number of bytes a satisfiable range covers, else nil.
    public var length: Int? {
        switch self {
        case .satisfiable(let start, let endInclusive): endInclusive - start + 1
        case .unsatisfiable, .ignored: nil
        }
    }

    /// `Content-Range` for a 206: `bytes start-end/size` (RFC 9110 §14.4).
    public static func contentRange(start: Int, endInclusive: Int, size: Int) -> String {
        "bytes \(start)-\(endInclusive)/\(size)"
    }

    /// `Content-Range` for a 416: `bytes */size` (RFC 9110 §14.4).
    public static func unsatisfiedContentRange(size: Int) -> String {
        "bytes */\(size)"
    }
}
