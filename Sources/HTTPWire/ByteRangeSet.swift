/// The outcome of a `Range` request header that may name several byte ranges, against a file of
/// known size (RFC 9110 §14.1.2, §14.2). It owns the rules for which ranges are served.
///
/// The rules follow nginx (`ngx_http_range_parse`) where the RFC leaves the server a choice:
/// - more than `maxRanges` ranges (16 by default) → `.ignored` (RFC 9110 §14.2 lets a server ignore
///   `Range`; nginx's `max_ranges` declines the same way);
/// - ranges whose lengths add up to more than the file (which only happens when they overlap) →
///   `.ignored`, the 200 with the whole file costing no more than the parts (RFC 9110 §14.1.2 and
///   §17.15 name overlapping ranges as a denial-of-service pattern);
/// - a malformed range, another unit, or no range at all → `.ignored` (nginx answers 416 to
///   malformed syntax; ignoring it is what RFC 9110 §14.2 asks of an origin server);
/// - unsatisfiable ranges among satisfiable ones are dropped; all unsatisfiable → `.unsatisfiable`
///   (RFC 9110 §14.1.2, §15.5.17).
///
/// Ranges are kept in the order requested and never coalesced (nginx does not coalesce either;
/// RFC 9110 §14.6 only allows it).
public enum ByteRangeSet: Sendable, Hashable {
    /// Serve these ranges (inclusive byte offsets, each within the file) in this order. One range →
    /// a plain 206 with `Content-Range` (RFC 9110 §14.6: a server must not send a multipart
    /// response for a single part); more → a 206 with ``MultipartByteRanges``.
    case satisfiable([ClosedRange<Int>])
    /// Answer 416 with ``ByteRange/unsatisfiedContentRange(size:)``.
    case unsatisfiable
    /// Ignore the header and send the whole file with 200.
    case ignored

    /// The most ranges honoured in one request, as nginx's `max_ranges` would be set.
    public static let defaultMaxRanges = 16

    /// The most digits read from a position; longer numbers saturate (they exceed any file).
    private static let maxPositionDigits = 18

    /// Evaluates a `Range` field value (`bytes=a-b, c-, -n, …`; unit case-insensitive, OWS around
    /// each range and empty list elements allowed) against `fileSize`. Within one range, `a-b` with
    /// `b < a` is malformed; `b` past the end is clamped; a start at or past the end, a zero suffix,
    /// or any range of an empty file is unsatisfiable.
    public init(parsing value: String, fileSize: Int, maxRanges: Int = ByteRangeSet.defaultMaxRanges) {
        var value = value
        self = value.withUTF8 {
            Self.evaluate(UnsafeRawBufferPointer($0), fileSize: max(fileSize, 0), maxRanges: max(maxRanges, 1))
        }
    }

    /// What one range of the list comes to.
    private enum Element {
        case range(ClosedRange<Int>)
        case unsatisfiable
        case malformed
    }

    private static func evaluate(_ bytes: UnsafeRawBufferPointer, fileSize: Int, maxRanges: Int) -> ByteRangeSet {
        guard let equals = bytes.firstIndex(of: ASCII.equals),
              ASCII.equalsIgnoringCase(UnsafeRawBufferPointer(rebasing: bytes[..<equals]), "bytes") else { return .ignored }
        var ranges: [ClosedRange<Int>] = []
        var elements = 0
        var covered = 0
        let complete = ASCII.forEachListElement(UnsafeRawBufferPointer(rebasing: bytes[(equals + 1)...])) { spec in
            if spec.isEmpty { return true }  // RFC 9110 §5.6.1: empty list elements do not count
            elements += 1
            guard elements <= maxRanges else { return false }
            switch element(spec, fileSize: fileSize) {
            case .malformed:
                return false
            case .unsatisfiable:
                return true
            case .range(let range):
                // Each range lies within the file, so `covered` never exceeds `fileSize` and the
                // comparison cannot overflow.
                guard range.count <= fileSize - covered else { return false }
                covered += range.count
                ranges.append(range)
                return true
            }
        }
        guard complete, elements > 0 else { return .ignored }
        return ranges.isEmpty ? .unsatisfiable : .satisfiable(ranges)
    }

    /// One `int-range` (`a-b`, `a-`) or `suffix-range` (`-n`), RFC 9110 §14.1.1.
    private static func element(_ spec: UnsafeRawBufferPointer, fileSize: Int) -> Element {
        guard let dash = spec.firstIndex(of: ASCII.minus) else { return .malformed }
        let first = UnsafeRawBufferPointer(rebasing: spec[..<dash])
        let last = UnsafeRawBufferPointer(rebasing: spec[(dash + 1)...])
        if first.isEmpty {
            // suffix-range: the last n bytes, the whole file when it is shorter.
            guard let suffix = position(last) else { return .malformed }
            guard suffix > 0, fileSize > 0 else { return .unsatisfiable }
            return .range(max(fileSize - suffix, 0)...(fileSize - 1))
        }
        guard let start = position(first) else { return .malformed }
        var end = fileSize - 1
        if !last.isEmpty {
            guard let requestedEnd = position(last), requestedEnd >= start else { return .malformed }
            end = min(requestedEnd, fileSize - 1)
        }
        guard start < fileSize else { return .unsatisfiable }
        return .range(start...end)
    }

    /// `1*DIGIT`, saturating at `Int.max` for absurdly long numbers.
    private static func position(_ bytes: UnsafeRawBufferPointer) -> Int? {
        guard !bytes.isEmpty, bytes.allSatisfy(ASCII.isDigit) else { return nil }
        return bytes.count > maxPositionDigits ? Int.max : ASCII.parseDecimal(bytes)
    }
}
