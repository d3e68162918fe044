/// Finds where one message body ends in a byte stream (RFC 9112 §6.3), whichever its framing, and
/// passes its bytes on as they arrive, either as they travel (a chunked body keeps its chunk
/// framing and trailers, so a proxy need not re-encode it) or as content only (chunk data; what a
/// server stores, or what an HTTP/1.0 recipient, who cannot read chunks, is sent).
///
/// It owns no buffer: feed it whatever bytes arrived with ``consume(_:_:)``; the bytes it reports
/// consumed at the end belong to the body, the rest to the next message. Every body is bounded by
/// ``HTTPLimits/maxBodyBytes`` (a chunked body also by the chunk-line and trailer limits, which
/// ``ChunkedDecoder`` enforces); past them it fails with the error to answer.
public struct MessageBodyFramer: Sendable {
    /// Which bytes of the body are passed on.
    public enum Emission: Sendable, Hashable {
        /// The body exactly as it arrived, chunk sizes, extensions and trailers included.
        case wire
        /// The content only: for a chunked body, the chunk data.
        case content
    }

    /// What one call made of its input.
    public enum Progress: Sendable, Hashable {
        /// All the input was consumed; the body goes on.
        case more
        /// The body ended after `consumed` bytes of this input (the rest is the next message).
        case done(consumed: Int)
        /// The body is malformed or too large; final (later calls repeat it).
        case failed(HTTPParseError)
    }

    /// The framing being followed.
    public let framing: BodyFraming
    /// Which bytes are passed on.
    public let emission: Emission
    /// The limits in force.
    public let limits: HTTPLimits
    /// Whether the body has ended (it never does for ``BodyFraming/untilClose``: the sender's
    /// close ends it, which the caller sees).
    public private(set) var isComplete: Bool

    /// Bytes still expected of a ``BodyFraming/length(_:)`` body; bytes seen of an
    /// ``BodyFraming/untilClose`` one.
    private var count: Int
    private var decoder: ChunkedDecoder?
    private var failure: HTTPParseError?

    /// A framer for one body. A length beyond ``HTTPLimits/maxBodyBytes`` fails on the first
    /// call, as a negative one does.
    public init(_ framing: BodyFraming, emitting emission: Emission = .content, limits: HTTPLimits = HTTPLimits()) {
        self.framing = framing
        self.emission = emission
        self.limits = limits
        count = 0
        isComplete = false
        switch framing {
        case .none:
            isComplete = true
        case .length(let n):
            count = n
            isComplete = n == 0
            if n < 0 { failure = .invalidContentLength }
            if n > limits.maxBodyBytes { failure = .contentTooLarge }
        case .chunked:
            decoder = ChunkedDecoder(limits: limits)
        case .untilClose:
            break
        }
    }

    /// Consumes body bytes from the start of `input`, calling `emit` with each piece to pass on
    /// (pieces point into `input` and are valid only during the call). After the body ended,
    /// nothing more is consumed (`.done(consumed: 0)`).
    public mutating func consume(_ input: UnsafeRawBufferPointer, _ emit: (UnsafeRawBufferPointer) -> Void) -> Progress {
        if let failure { return .failed(failure) }
        if isComplete { return .done(consumed: 0) }
        switch framing {
        case .none:
            return .done(consumed: 0)
        case .length:
            let n = min(count, input.count)
            if n > 0 { emit(UnsafeRawBufferPointer(rebasing: input[..<n])) }
            count -= n
            guard count == 0 else { return .more }
            isComplete = true
            return .done(consumed: n)
        case .untilClose:
            guard input.count <= limits.maxBodyBytes - count else { return fail(.contentTooLarge) }
            count += input.count
            if !input.isEmpty { emit(input) }
            return .more
        case .chunked:
            return consumeChunked(input, emit)
        }
    }

    /// Runs the chunked decoder over `input`; content pieces are emitted as the decoder finds
    /// them, the wire bytes once the input (or the body) is used up.
    private mutating func consumeChunked(_ input: UnsafeRawBufferPointer, _ emit: (UnsafeRawBufferPointer) -> Void) -> Progress {
        guard var chunks = decoder else { return .done(consumed: 0) }
        defer { decoder = chunks }
        var offset = 0
        while offset < input.count {
            let rest = UnsafeRawBufferPointer(rebasing: input[offset...])
            switch chunks.decode(rest) {
            case .data(let range):
                if emission == .content { emit(UnsafeRawBufferPointer(rebasing: rest[range])) }
                offset += range.upperBound
            case .needMore:
                offset = input.count
            case .end(let consumed):
                offset += consumed
                if emission == .wire { emit(UnsafeRawBufferPointer(rebasing: input[..<offset])) }
                isComplete = true
                return .done(consumed: offset)
            case .failure(let error):
                return fail(error)
            }
        }
        if emission == .wire && !input.isEmpty { emit(input) }
        return .more
    }

    private mutating func fail(_ error: HTTPParseError) -> Progress {
        failure = error
        return .failed(error)
    }
}
