/// An incremental decoder for chunked request bodies (RFC 9112 §7.1). It owns no buffer: feed it
/// whatever bytes have arrived and it reports where the body bytes are in them.
///
/// Protocol: call ``decode(_:)`` with the unconsumed input. `.data(range)` means the bytes at
/// `range` (offsets into that input) are body, and everything up to `range.upperBound` is
/// consumed: call again with the input after it. `.needMore` means all the input was consumed
/// (chunk metadata only): read more. `.end(consumed:)` means the last chunk and the trailer
/// section ended after `consumed` bytes; anything after belongs to the next request. `.failure`
/// is final: answer its status and close.
///
/// Strict syntax: hex chunk sizes (at most 15 digits), optional `;` extensions after optional
/// whitespace, CRLF or lone-LF line endings, chunk data followed by a line ending, trailer fields
/// with token names (skipped, bounded, obs-fold refused). Limits: ``HTTPLimits/maxChunkLineBytes``,
/// ``HTTPLimits/maxBodyBytes`` (total of all chunks), ``HTTPLimits/maxTrailerBytes``.
public struct ChunkedDecoder: Sendable {
    /// What the decoder found in the input it was given.
    public enum Event: Sendable, Hashable {
        /// Body bytes at this range of the input; consumed through its upper bound.
        case data(Range<Int>)
        /// All input consumed; more is needed.
        case needMore
        /// The body ended; `consumed` bytes of the input belonged to it.
        case end(consumed: Int)
        /// The body is malformed or too large.
        case failure(HTTPParseError)
    }

    private enum State: Sendable {
        case size, sizeWhitespace, chunkExtension, sizeLF
        case data, dataEnd, dataLF
        case trailerLineStart, trailerName, trailerValue, trailerLineLF, trailerEndLF
        case finished
    }

    /// 15 hex digits fit in an Int without overflow.
    private static let maxChunkSizeDigits = 15

    /// The limits in force.
    public let limits: HTTPLimits
    /// Body bytes decoded so far.
    public private(set) var bodyBytes = 0

    private var state = State.size
    private var chunkSize = 0
    private var sizeDigits = 0
    private var lineBytes = 0
    private var remaining = 0
    private var trailerBytes = 0
    private var finalEvent: Event?

    /// A decoder for one body.
    public init(limits: HTTPLimits = HTTPLimits()) {
        self.limits = limits
    }

    /// Whether the body has ended (or failed).
    public var isFinished: Bool { finalEvent != nil }

    /// Decodes from the start of `input` (see the type's protocol).
    public mutating func decode(_ input: UnsafeRawBufferPointer) -> Event {
        if let finalEvent { return finalEvent }
        var index = 0
        while index < input.count {
            let byte = input[index]
            switch state {
            case .size:
                if let digit = ASCII.hexValue(byte) {
                    guard sizeDigits < Self.maxChunkSizeDigits else { return fail(.invalidChunkSize) }
                    chunkSize = chunkSize << 4 | Int(digit)
                    sizeDigits += 1
                    if let error = countLineByte() { return fail(error) }
                } else if sizeDigits == 0 {
                    return fail(.invalidChunkSize)
                } else if byte == ASCII.semicolon {
                    if let error = countLineByte() { return fail(error) }
                    state = .chunkExtension
                } else if ASCII.isWhitespace(byte) {
                    // RFC 9112 §7.1.1: BWS before a chunk extension.
                    if let error = countLineByte() { return fail(error) }
                    state = .sizeWhitespace
                } else if byte == ASCII.cr {
                    state = .sizeLF
                } else if byte == ASCII.lf {
                    if let error = endSizeLine() { return fail(error) }
                } else {
                    return fail(.invalidChunkSize)
                }
            case .sizeWhitespace:
                if let error = countLineByte() { return fail(error) }
                if byte == ASCII.semicolon {
                    state = .chunkExtension
                } else if !ASCII.isWhitespace(byte) {
                    return fail(.invalidChunkSize)
                }
            case .chunkExtension:
                // Extensions are ignored (RFC 9112 §7.1.1) but bounded and free of control bytes.
                if byte == ASCII.cr {
                    state = .sizeLF
                } else if byte == ASCII.lf {
                    if let error = endSizeLine() { return fail(error) }
                } else {
                    guard ASCII.isFieldValueByte(byte) else { return fail(.malformedChunk) }
                    if let error = countLineByte() { return fail(error) }
                }
            case .sizeLF:
                guard byte == ASCII.lf else { return fail(.bareCR) }
                if let error = endSizeLine() { return fail(error) }
            case .data:
                let take = min(remaining, input.count - index)
                remaining -= take
                if remaining == 0 { state = .dataEnd }
                return .data(index..<(index + take))
            case .dataEnd:
                if byte == ASCII.cr {
                    state = .dataLF
                } else if byte == ASCII.lf {
                    state = .size
                } else {
                    return fail(.malformedChunk)
                }
            case .dataLF:
                guard byte == ASCII.lf else { return fail(.bareCR) }
                state = .size
            case .trailerLineStart:
                if byte == ASCII.cr {
                    state = .trailerEndLF
                } else if byte == ASCII.lf {
                    return finish(consumed: index + 1)
                } else if ASCII.isWhitespace(byte) {
                    return fail(.obsFold)
                } else {
                    guard ASCII.isTChar(byte) else { return fail(.invalidFieldName) }
                    if let error = countTrailerByte() { return fail(error) }
                    state = .trailerName
                }
            case .trailerName:
                if let error = countTrailerByte() { return fail(error) }
                if byte == ASCII.colon {
                    state = .trailerValue
                } else if ASCII.isWhitespace(byte) {
                    return fail(.whitespaceBeforeColon)
                } else if byte == ASCII.cr || byte == ASCII.lf {
                    return fail(.missingColon)
                } else if !ASCII.isTChar(byte) {
                    return fail(.invalidFieldName)
                }
            case .trailerValue:
                if let error = countTrailerByte() { return fail(error) }
                if byte == ASCII.cr {
                    state = .trailerLineLF
                } else if byte == ASCII.lf {
                    state = .trailerLineStart
                } else if !ASCII.isFieldValueByte(byte) {
                    return fail(.invalidFieldValue)
                }
            case .trailerLineLF:
                guard byte == ASCII.lf else { return fail(.bareCR) }
                if let error = countTrailerByte() { return fail(error) }
                state = .trailerLineStart
            case .trailerEndLF:
                guard byte == ASCII.lf else { return fail(.bareCR) }
                return finish(consumed: index + 1)
            case .finished:
                return finalEvent ?? .needMore
            }
            index += 1
        }
        return .needMore
    }

    /// ``decode(_:)`` over an array slice's bytes.
    public mutating func decode(_ input: ArraySlice<UInt8>) -> Event {
        input.withUnsafeBytes { decode($0) }
    }

    private mutating func countLineByte() -> HTTPParseError? {
        lineBytes += 1
        return lineBytes > limits.maxChunkLineBytes ? .chunkLineTooLong : nil
    }

    private mutating func countTrailerByte() -> HTTPParseError? {
        trailerBytes += 1
        return trailerBytes > limits.maxTrailerBytes ? .trailerTooLarge : nil
    }

    /// The chunk-size line is complete: a zero size starts the trailer section (last-chunk).
    private mutating func endSizeLine() -> HTTPParseError? {
        let size = chunkSize
        chunkSize = 0
        sizeDigits = 0
        lineBytes = 0
        if size == 0 {
            state = .trailerLineStart
            return nil
        }
        guard size <= limits.maxBodyBytes - bodyBytes else { return .contentTooLarge }
        bodyBytes += size
        remaining = size
        state = .data
        return nil
    }

    private mutating func finish(consumed: Int) -> Event {
        let event = Event.end(consumed: consumed)
        state = .finished
        finalEvent = event
        return event
    }

    private mutating func fail(_ error: HTTPParseError) -> Event {
        let event = Event.failure(error)
        state = .finished
        finalEvent = event
        return event
    }
}
