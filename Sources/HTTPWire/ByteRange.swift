/// The outcome of a `Range` request header against a file of known size (RFC 9110 §14.1.2, §14.2).
///
/// Only a single byte range is served. A malformed header, another unit, or more than one range
/// is `.ignored` and the whole file is sent with 200, as nginx and lighttpd do for forms they do not
/// support (RFC 9110 §14.2 lets a server ignore `Range`); this avoids multipart/byteranges and the
/// amplification of many overlapping ranges.
public enum ByteRange: Sendable, Hashable {
    /// Send bytes `start ... endInclusive` with 206 and ``contentRange(start:endInclusive:size:)``.
    case satisfiable(start: Int, endInclusive: Int)
    /// Answer 416 with ``unsatisfiedContentRange(size:)``.
    case unsatisfiable
    /// Ignore the header and send the whole file.
    case ignored

    /// The most digits read from a position; longer numbers saturate (they exceed any file).
    private static let maxPositionDigits = 18

    /// Evaluates a `Range` field value (`bytes=a-b`, `bytes=a-`, `bytes=-n`; unit case-insensitive,
    /// OWS around the range allowed) against `fileSize`. `a-b` with `b < a` is malformed (ignored);
    /// `b` past the end is clamped; a start at or past the end, a zero suffix, or any range of an
    /// empty file is unsatisfiable.
    public init(parsing value: String, fileSize: Int) {
        var value = value
        self = value.withUTF8 { Self.evaluate(UnsafeRawBufferPointer($0), fileSize: max(fileSize, 0)) }
    }

    private static func evaluate(_ bytes: UnsafeRawBufferPointer, fileSize: Int) -> ByteRange {
        guard let equals = bytes.firstIndex(of: ASCII.equals),
              ASCII.equalsIgnoringCase(UnsafeRawBufferPointer(rebasing: bytes[..<equals]), "bytes") else { return .ignored }
        var spec: UnsafeRawBufferPointer?
        var elements = 0
        ASCII.forEachListElement(UnsafeRawBufferPointer(rebasing: bytes[(equals + 1)...])) { element in
            if element.isEmpty { return true }  // RFC 9110 §5.6.1: empty list elements do not count
            elements += 1
            spec = element
            return elements == 1
        }
        guard elements == 1, let spec, let dash = spec.firstIndex(of: ASCII.minus) else { return .ignored }
        let first = UnsafeRawBufferPointer(rebasing: spec[..<dash])
        let last = UnsafeRawBufferPointer(rebasing: spec[(dash + 1)...])
        if first.isEmpty {
            // suffix-range: the last n bytes.
            guard let suffix = position(last) else { return .ignored }
            guard suffix > 0, fileSize > 0 else { return .unsatisfiable }
            return .satisfiable(start: max(fileSize - suffix, 0), endInclusive: fileSize - 1)
        }
        guard let start = position(first) else { return .ignored }
        var end = fileSize - 1
        if !last.isEmpty {
            guard let requestedEnd = position(last), requestedEnd >= start else { return .ignored }
            end = min(requestedEnd, fileSize - 1)
        }
        guard start < fileSize else { return .unsatisfiable }
        return .satisfiable(start: start, endInclusive: end)
    }

    /// `1*DIGIT`, saturating at `Int.max` for absurdly long numbers.
    private static func position(_ bytes: UnsafeRawBufferPointer) -> Int? {
        guard !bytes.isEmpty, bytes.allSatisfy(ASCII.isDigit) else { return nil }
        return bytes.count > maxPositionDigits ? Int.max : ASCII.parseDecimal(bytes)
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
