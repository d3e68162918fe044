/// An incremental parser for the HTTP/1.x response head an origin server sends (RFC 9112 §4–5),
/// strict enough to frame the body that follows and to forward the fields byte for byte. Anything
/// malformed is refused rather than repaired: obs-fold, a field name that is not a token,
/// whitespace before the colon, control bytes in the reason or a value, an oversized head.
///
/// Buffer contract, as for ``RequestParser``: the caller keeps one append-only buffer starting at
/// the head's first byte and passes all of it to every ``parse(_:)`` call; the parser resumes
/// where it stopped. On `.head(head, consumed:)` the first `consumed` bytes are the head: drop
/// them, call ``reset()``, and parse the next head (an interim 1xx response is followed by
/// another). After `.head` or `.invalid`, further calls return the same outcome until ``reset()``.
/// Line endings are CRLF or a lone LF (RFC 9112 §2.2).
public struct ResponseHeadParser: Sendable {
    /// What the bytes so far amount to.
    public enum Outcome: Sendable, Hashable {
        /// The head is not complete yet: append more bytes and call ``parse(_:)`` again.
        case needMore
        /// A complete head, `consumed` bytes long (the body, if any, follows).
        case head(ParsedResponseHead, consumed: Int)
        /// Not a valid response head.
        case invalid(ResponseHeadError)
    }

    /// Default for ``maxHeadBytes``: 64 KiB.
    public static let defaultMaxHeadBytes = 64 * 1024
    /// Default for ``maxFields``.
    public static let defaultMaxFields = 200

    /// The longest head accepted, status line through the final line ending. Longer →
    /// ``ResponseHeadError/headTooLarge`` as soon as that many bytes arrived without its end.
    public let maxHeadBytes: Int
    /// The most field lines accepted. More → ``ResponseHeadError/tooManyFields``.
    public let maxFields: Int

    /// `HTTP/1.`, what every accepted head starts with.
    private static let versionPrefix: [UInt8] = Array("HTTP/1.".utf8)
    /// `HTTP/1.1 200` is the shortest status line.
    private static let minimumStatusLineBytes = 12

    private var scanned = 0
    private var lineStart = 0
    /// The lines found so far, without their line endings.
    private var lines: [Range<Int>] = []
    private var finished: Outcome?

    /// A parser with the given bounds.
    public init(maxHeadBytes: Int = ResponseHeadParser.defaultMaxHeadBytes, maxFields: Int = ResponseHeadParser.defaultMaxFields) {
        self.maxHeadBytes = maxHeadBytes
        self.maxFields = maxFields
    }

    /// Forgets the head parsed so the next one can start (keeps its storage).
    public mutating func reset() {
        scanned = 0
        lineStart = 0
        lines.removeAll(keepingCapacity: true)
        finished = nil
    }

    /// Scans the bytes not yet seen; `input` is the whole buffer so far (see the buffer
    /// contract). Passing fewer bytes than an earlier call is a programming error.
    public mutating func parse(_ input: UnsafeRawBufferPointer) -> Outcome {
        if let finished { return finished }
        precondition(input.count >= scanned, "ResponseHeadParser: the buffer must only grow until reset()")
        // Fail early on a stream that is clearly not HTTP/1.x, so it is not buffered whole (an
        // empty line before the status line is refused here too).
        if scanned < Self.versionPrefix.count {
            for (offset, byte) in input.prefix(Self.versionPrefix.count).enumerated() where byte != Self.versionPrefix[offset] {
                return finish(.invalid(.notHTTP1))
            }
        }
        var index = scanned
        defer { scanned = index }
        while index < input.count {
            guard index < maxHeadBytes else { return finish(.invalid(.headTooLarge)) }
            if input[index] == ASCII.lf {
                var lineEnd = index
                if lineEnd > lineStart && input[lineEnd - 1] == ASCII.cr { lineEnd -= 1 }
                if lineEnd == lineStart {
                    // The status line came first (the prefix check); this line ends the head.
                    index += 1
                    return finish(Self.assemble(input, lines: lines, end: index))
                }
                lines.append(lineStart..<lineEnd)
                guard lines.count <= maxFields + 1 else { return finish(.invalid(.tooManyFields)) }
                lineStart = index + 1
            }
            index += 1
        }
        // A head that has not ended within the limit cannot fit: refuse it without waiting.
        guard index < maxHeadBytes else { return finish(.invalid(.headTooLarge)) }
        return .needMore
    }

    /// ``parse(_:)`` over an array.
    public mutating func parse(_ input: [UInt8]) -> Outcome {
        input.withUnsafeBytes { parse($0) }
    }

    private mutating func finish(_ outcome: Outcome) -> Outcome {
        finished = outcome
        return outcome
    }

    /// Checks the status line and the field lines of a complete head `end` bytes long.
    private static func assemble(_ input: UnsafeRawBufferPointer, lines: [Range<Int>], end: Int) -> Outcome {
        // status-line = HTTP-version SP status-code SP [ reason-phrase ] (RFC 9112 §4), after
        // the `HTTP/1.` that `parse` checked; a missing SP before an empty reason is tolerated.
        let line = lines[0]
        let s = line.lowerBound
        guard line.count >= minimumStatusLineBytes else { return .invalid(.invalidStatusLine) }
        let minor = input[s + 7]
        guard minor == ASCII.zero || minor == ASCII.zero + 1, input[s + 8] == ASCII.space,
              let status = statusCode(input[s + 9], input[s + 10], input[s + 11]) else {
            return .invalid(.invalidStatusLine)
        }
        var reasonStart = s + minimumStatusLineBytes
        if reasonStart < line.upperBound {
            guard input[reasonStart] == ASCII.space else { return .invalid(.invalidStatusLine) }
            reasonStart += 1
        }
        let reason = reasonStart..<max(reasonStart, line.upperBound)
        for i in reason where !ASCII.isFieldValueByte(input[i]) { return .invalid(.invalidReasonPhrase) }

        var fields: [ParsedResponseHead.Field] = []
        fields.reserveCapacity(lines.count - 1)
        for line in lines.dropFirst() {
            switch field(input, line: line) {
            case .success(let field): fields.append(field)
            case .failure(let error): return .invalid(error)
            }
        }
        let head = ParsedResponseHead(bytes: Array(input[..<end]), version: minor == ASCII.zero ? .http10 : .http11,
                                      status: status, reason: reason, fields: fields)
        return .head(head, consumed: end)
    }

    /// `field-name ":" OWS field-value OWS` (RFC 9112 §5.1); obs-fold refused (§5.2).
    private static func field(_ input: UnsafeRawBufferPointer, line: Range<Int>) -> Result<ParsedResponseHead.Field, ResponseHeadError> {
        guard !ASCII.isWhitespace(input[line.lowerBound]) else { return .failure(.obsFold) }
        var colon = line.lowerBound
        while colon < line.upperBound, input[colon] != ASCII.colon {
            guard ASCII.isTChar(input[colon]) else { return .failure(.invalidFieldName) }
            colon += 1
        }
        guard colon < line.upperBound else { return .failure(.missingColon) }
        guard colon > line.lowerBound else { return .failure(.invalidFieldName) }
        var valueStart = colon + 1
        var valueEnd = line.upperBound
        while valueStart < valueEnd, ASCII.isWhitespace(input[valueStart]) { valueStart += 1 }
        while valueEnd > valueStart, ASCII.isWhitespace(input[valueEnd - 1]) { valueEnd -= 1 }
        for i in valueStart..<valueEnd where !ASCII.isFieldValueByte(input[i]) { return .failure(.invalidFieldValue) }
        return .success(ParsedResponseHead.Field(name: line.lowerBound..<colon, value: valueStart..<valueEnd))
    }

    /// A three-digit status code of at least 100 (RFC 9110 §15: the first digit is the class).
    private static func statusCode(_ d1: UInt8, _ d2: UInt8, _ d3: UInt8) -> Int? {
        guard d1 != ASCII.zero, ASCII.isDigit(d1), ASCII.isDigit(d2), ASCII.isDigit(d3) else { return nil }
        return Int(d1 - ASCII.zero) * 100 + Int(d2 - ASCII.zero) * 10 + Int(d3 - ASCII.zero)
    }
}
