/// A request's `Accept-Encoding` (RFC 9110 §12.5.3), parsed once, and the choice of the content
/// coding to send among those the server has. It owns the negotiation rules:
///
/// - The weights of `gzip` (with its alias `x-gzip`), `br`, `identity` and `*` are kept; other
///   codings are parsed and skipped. The first mention of a coding counts.
/// - An element whose weight is malformed (`q=2`, `q=0.1234`, `q=abc`, another parameter) is
///   treated as absent (RFC 9110 §12.4.2 allows only `q`, from 0 to 1 with at most three decimals).
/// - Several `Accept-Encoding` field lines combine into one list (RFC 9110 §5.3).
/// - A coding not listed takes the weight of `*`, or is not acceptable without `*`; `identity` is
///   acceptable unless `identity;q=0`, or `*;q=0` without an `identity` entry.
/// - No `Accept-Encoding` field at all → identity. RFC 9110 §12.5.3 would allow any coding, but
///   nginx, lighttpd and Caddy send identity, since clients that send no field may not decode.
/// - Among acceptable codings the highest weight wins, ties going to the server's order (pass
///   `[.br, .gzip]` to prefer Brotli); an acceptable coding beats identity unless identity is listed
///   (itself or through `*`) with a higher weight.
public struct AcceptEncoding: Sendable, Hashable {
    /// What to send.
    public enum Choice: Sendable, Hashable {
        /// Encode (or pick the precompressed file) with this coding.
        case coding(ContentCoding)
        /// Send the representation as it is.
        case identity
        /// Nothing available is acceptable, identity included (`identity;q=0` or `*;q=0`). RFC
        /// 9110 §12.5.3 lets the server answer 406 or send identity anyway; nginx, lighttpd and
        /// Caddy send identity, and so should Gatehouse (a cache or a confused client copes better
        /// with an unwanted identity body than with an error page).
        case notAcceptable
    }

    /// Whether the request carried any `Accept-Encoding` field.
    public let isPresent: Bool
    private let weights: Weights

    /// The weight of a weightless element: 1.
    private static let fullWeight: UInt16 = 1000

    /// The `Accept-Encoding` fields of a request, combined, read without copying the values.
    public init(headers: HTTPHeaders) {
        var weights = Weights()
        var present = false
        headers.forEachValue(named: "accept-encoding") { value in
            present = true
            weights.parse(value)
        }
        self.isPresent = present
        self.weights = weights
    }

    /// The given `Accept-Encoding` field values, combined (none: the field is absent).
    public init(fieldValues: [String]) {
        var weights = Weights()
        for value in fieldValues {
            var value = value
            value.withUTF8 { weights.parse(UnsafeRawBufferPointer($0)) }
        }
        self.isPresent = !fieldValues.isEmpty
        self.weights = weights
    }

    /// The weight of `coding` in thousandths (0 ... 1000): its own entry, else `*`'s, else 0.
    public func quality(of coding: ContentCoding) -> Int {
        let listed: UInt16? = switch coding {
        case .br: weights.br
        case .gzip: weights.gzip
        }
        return Int(listed ?? weights.any ?? 0)
    }

    /// The weight of identity in thousandths: its own entry, else `*`'s, else 1000.
    public var identityQuality: Int {
        Int(weights.identity ?? weights.any ?? Self.fullWeight)
    }

    /// The coding to send, given the codings the server has for this response in its order of
    /// preference (empty: identity only). See the type's rules.
    public func choose(from available: [ContentCoding]) -> Choice {
        guard isPresent else { return .identity }
        var best: ContentCoding?
        var bestQuality = 0
        for coding in available {
            let quality = quality(of: coding)
            if quality > bestQuality {
                best = coding
                bestQuality = quality
            }
        }
        // Identity only competes when listed (itself or through `*`): an unlisted identity is
        // acceptable by default but carries no weight against a coding the client asked for.
        if let best, bestQuality >= Int(weights.identity ?? weights.any ?? 0) { return .coding(best) }
        return identityQuality > 0 ? .identity : .notAcceptable
    }

    /// The weights in thousandths (RFC 9110 §12.4.2 qvalues), nil where a coding is not listed.
    private struct Weights: Sendable, Hashable {
        var gzip: UInt16?
        var br: UInt16?
        var identity: UInt16?
        var any: UInt16?

        /// One field value: `#( codings [ OWS ";" OWS "q=" qvalue ] )`.
        mutating func parse(_ value: UnsafeRawBufferPointer) {
            ASCII.forEachListElement(value) { element in
                record(element)
                return true
            }
        }

        private mutating func record(_ element: UnsafeRawBufferPointer) {
            var token = element
            var weight = AcceptEncoding.fullWeight
            if let semicolon = element.firstIndex(of: ASCII.semicolon) {
                token = ASCII.trimmingWhitespace(UnsafeRawBufferPointer(rebasing: element[..<semicolon]))
                let parameter = ASCII.trimmingWhitespace(UnsafeRawBufferPointer(rebasing: element[(semicolon + 1)...]))
                guard let parsed = Self.weight(parameter) else { return }
                weight = parsed
            }
            guard !token.isEmpty, token.allSatisfy(ASCII.isTChar) else { return }
            if ASCII.equalsIgnoringCase(token, "gzip") || ASCII.equalsIgnoringCase(token, "x-gzip") {
                gzip = gzip ?? weight
            } else if ASCII.equalsIgnoringCase(token, "br") {
                br = br ?? weight
            } else if ASCII.equalsIgnoringCase(token, "identity") {
                identity = identity ?? weight
            } else if token.count == 1, token[0] == 0x2A {  // "*"
                any = any ?? weight
            }
        }

        /// `q=qvalue` (name case-insensitive) in thousandths; nil for anything else.
        private static func weight(_ parameter: UnsafeRawBufferPointer) -> UInt16? {
            guard parameter.count >= 3, ASCII.lowercased(parameter[0]) == 0x71, parameter[1] == ASCII.equals else { return nil }
            return qvalue(UnsafeRawBufferPointer(rebasing: parameter[2...]))
        }

        /// RFC 9110 §12.4.2: `( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] )`, in thousandths.
        static func qvalue(_ bytes: UnsafeRawBufferPointer) -> UInt16? {
            guard (1...5).contains(bytes.count), bytes[0] == ASCII.zero || bytes[0] == ASCII.zero + 1 else { return nil }
            let whole: UInt16 = bytes[0] == ASCII.zero ? 0 : 1000
            guard bytes.count > 1 else { return whole }
            guard bytes[1] == ASCII.dot else { return nil }
            var fraction: UInt16 = 0
            for index in 2..<5 {
                let digit: UInt16
                if index < bytes.count {
                    guard ASCII.isDigit(bytes[index]) else { return nil }
                    digit = UInt16(bytes[index] &- ASCII.zero)
                } else {
                    digit = 0
                }
                fraction = fraction * 10 + digit
            }
            guard whole == 0 || fraction == 0 else { return nil }
            return whole + fraction
        }
    }
}
