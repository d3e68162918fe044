/// An origin-form path after percent-decoding and dot-segment removal: what the router and the
/// protection rules match against.
///
/// Rules, applied in one pass over the raw bytes:
/// - the path must start with `/`;
/// - `%XX` is decoded (hex in either case); `%` without two hex digits is an error; a decoded NUL
///   or other control byte is an error;
/// - `%2F` (either case) is *not* a separator: it stays in the path as the literal three characters
///   `%2F` (uppercase), so it can only ever match a file literally named that, and `a%2Fb` can never
///   reach `a/b`; the decoded path is final and must not be decoded again;
/// - dot segments are removed after decoding (RFC 3986 §5.2.4), so `%2e%2e` counts as `..`; a path
///   that would climb above `/` is refused, never clamped;
/// - `//` and `\` are ordinary and kept; nothing else is collapsed;
/// - the decoded bytes must be valid UTF-8.
public struct NormalisedPath: Sendable, Hashable, CustomStringConvertible {
    /// The decoded path, starting with `/`, ending with `/` exactly when ``endsWithSlash``.
    public let path: String
    /// Whether the path ends with `/` (a directory was asked for), including after a final `.` or `..`.
    public let endsWithSlash: Bool

    /// The path.
    public var description: String { path }

    /// Decodes and normalises `raw`, the path part of an origin-form target (no `?query`).
    public init(parsing raw: UnsafeRawBufferPointer) throws(HTTPParseError) {
        guard let first = raw.first, first == ASCII.slash else { throw .pathNotAbsolute }
        let result = withUnsafeTemporaryAllocation(of: UInt8.self, capacity: raw.count + 1) { output in
            Self.normalise(raw, into: output)
        }
        self = try result.get()
    }

    /// Decodes and normalises a path given as a string.
    public init(parsing raw: String) throws(HTTPParseError) {
        var raw = raw
        let result = raw.withUTF8 { bytes in
            Result { () throws(HTTPParseError) -> NormalisedPath in
                try NormalisedPath(parsing: UnsafeRawBufferPointer(bytes))
            }
        }
        self = try result.get()
    }

    private init(path: String, endsWithSlash: Bool) {
        self.path = path
        self.endsWithSlash = endsWithSlash
    }

    /// One pass: each raw segment is decoded onto the end of `output`, then dropped again if it
    /// was `.`, or dropped with its predecessor if it was `..`. `output` never holds a `/` other
    /// than segment separators (a decoded `/` is written as `%2F`), so the previous segment starts
    /// at the last `/`. Output is never longer than the input plus one byte.
    private static func normalise(_ raw: UnsafeRawBufferPointer, into output: UnsafeMutableBufferPointer<UInt8>) -> Result<NormalisedPath, HTTPParseError> {
        var length = 0
        var index = 0
        var endsWithSlash = false
        while index < raw.count {
            // raw[index] is the `/` that starts a segment.
            let mark = length
            output[length] = ASCII.slash
            length += 1
            index += 1
            while index < raw.count {
                let byte = raw[index]
                if byte == ASCII.slash { break }
                if byte == ASCII.percent {
                    guard index + 2 < raw.count, let high = ASCII.hexValue(raw[index + 1]),
                          let low = ASCII.hexValue(raw[index + 2]) else { return .failure(.invalidPercentEncoding) }
                    let decoded = high << 4 | low
                    if decoded == ASCII.slash {
                        output[length] = ASCII.percent
                        output[length + 1] = 0x32  // 2
                        output[length + 2] = 0x46  // F
                        length += 3
                    } else if decoded < ASCII.space || decoded == ASCII.delete {
                        return .failure(.forbiddenPathByte)
                    } else {
                        output[length] = decoded
                        length += 1
                    }
                    index += 3
                } else if byte <= ASCII.space || byte == ASCII.delete || byte == ASCII.question || byte == ASCII.hash {
                    return .failure(.invalidRequestTarget)
                } else {
                    output[length] = byte
                    length += 1
                    index += 1
                }
            }
            let isLast = index >= raw.count
            let segmentLength = length - mark - 1
            let isDot = segmentLength == 1 && output[mark + 1] == ASCII.dot
            let isDotDot = segmentLength == 2 && output[mark + 1] == ASCII.dot && output[mark + 2] == ASCII.dot
            if isDot || isDotDot {
                length = mark
                if isDotDot {
                    // RFC 3986 §5.2.4 step 2C, except that climbing above the root is an error.
                    guard length > 0 else { return .failure(.pathAboveRoot) }
                    repeat { length -= 1 } while output[length] != ASCII.slash
                }
                if isLast {
                    output[length] = ASCII.slash
                    length += 1
                    endsWithSlash = true
                }
            } else if isLast {
                endsWithSlash = segmentLength == 0
            }
        }
        let bytes = UnsafeBufferPointer(rebasing: output[0..<length])
        guard isValidUTF8(bytes) else { return .failure(.invalidUTF8Path) }
        return .success(NormalisedPath(path: String(decoding: bytes, as: UTF8.self), endsWithSlash: endsWithSlash))
    }

    /// RFC 3629 §4 well-formed UTF-8: no overlong forms, no surrogates, nothing above U+10FFFF.
    /// (Checked here, non-generically, so the common ASCII path costs one comparison per byte.)
    static func isValidUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = 0
        let count = bytes.count
        while index < count {
            let lead = bytes[index]
            if lead < 0x80 {
                index += 1
                continue
            }
            let length: Int
            var low: UInt8 = 0x80
            var high: UInt8 = 0xBF
            switch lead {
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; low = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED: length = 3; high = 0x9F
            case 0xF0: length = 4; low = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4: length = 4; high = 0x8F
            default: return false
            }
            guard index + length <= count else { return false }
            let second = bytes[index + 1]
            guard second >= low, second <= high else { return false }
            for offset in 2..<max(length, 2) where bytes[index + offset] & 0xC0 != 0x80 {
                return false
            }
            index += length
        }
        return true
    }
}
