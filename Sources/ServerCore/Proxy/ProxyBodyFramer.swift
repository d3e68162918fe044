import HTTPWire

/// Finds where one message body ends in a byte stream (RFC 9112 §6.3) and passes its bytes on,
/// either raw (chunked bodies stay chunked, so a proxy need not re-encode them) or de-chunked
/// (for an HTTP/1.0 client, who cannot read the chunked coding).
struct ProxyBodyFramer {
    /// How the body is delimited.
    enum Framing: Sendable, Hashable {
        /// No body (HEAD, 1xx, 204, 304, or a request without one).
        case none
        /// Exactly this many bytes.
        case length(Int)
        /// The chunked transfer coding.
        case chunked
        /// Everything until the sender closes (a response without length, RFC 9112 §6.3 item 8).
        case untilClose
    }

    /// What one call made of its input.
    enum Progress: Sendable, Hashable {
        /// All input consumed; the body goes on.
        case more
        /// The body ended after `consumed` bytes of the input (the rest is the next message).
        case done(consumed: Int)
        /// The chunked coding is malformed or too large.
        case failed(HTTPParseError)
    }

    /// The framing being followed.
    let framing: Framing
    private let dechunk: Bool
    private var remaining: Int
    private var decoder: ChunkedDecoder?
    /// Whether the body has ended.
    private(set) var isComplete: Bool

    /// A framer for one body; `dechunk` passes only the data of chunked bodies.
    init(_ framing: Framing, dechunk: Bool = false, limits: HTTPLimits) {
        self.framing = framing
        self.dechunk = dechunk
        switch framing {
        case .none:
            remaining = 0
            isComplete = true
        case .length(let n):
            remaining = n
            isComplete = n == 0
        case .chunked:
            remaining = 0
            decoder = ChunkedDecoder(limits: limits)
            isComplete = false
        case .untilClose:
            remaining = 0
            isComplete = false
        }
    }

    /// Consumes body bytes from the start of `input`, calling `emit` with what to pass on.
    mutating func consume(_ input: UnsafeRawBufferPointer, _ emit: (UnsafeRawBufferPointer) -> Void) -> Progress {
        if isComplete { return .done(consumed: 0) }
        switch framing {
        case .none:
            return .done(consumed: 0)
        case .untilClose:
            if !input.isEmpty { emit(input) }
            return .more
        case .length:
            let n = min(remaining, input.count)
            if n > 0 { emit(UnsafeRawBufferPointer(rebasing: input[..<n])) }
            remaining -= n
            guard remaining == 0 else { return .more }
            isComplete = true
            return .done(consumed: n)
        case .chunked:
            return consumeChunked(input, emit)
        }
    }

    private mutating func consumeChunked(_ input: UnsafeRawBufferPointer, _ emit: (UnsafeRawBufferPointer) -> Void) -> Progress {
        guard var d = decoder else { return .done(consumed: 0) }
        defer { decoder = d }
        var offset = 0
        while offset < input.count {
            let rest = UnsafeRawBufferPointer(rebasing: input[offset...])
            switch d.decode(rest) {
            case .data(let range):
                if dechunk { emit(UnsafeRawBufferPointer(rebasing: rest[range])) }
                offset += range.upperBound
            case .needMore:
                offset = input.count
            case .end(let consumed):
                offset += consumed
                if !dechunk && offset > 0 { emit(UnsafeRawBufferPointer(rebasing: input[..<offset])) }
                isComplete = true
                return .done(consumed: offset)
            case .failure(let error):
                return .failed(error)
            }
        }
        if !dechunk && !input.isEmpty { emit(input) }
        return .more
    }
}
