import HTTPWire

/// Where an allowed request body goes (a PUT): the connection reads the body, by
/// `Content-Length` or chunked, and hands it over in order; at the end `finish` produces the
/// response. `finish` may work off the loop (fsync, rename) and call `done` from any thread; the
/// connection hops back to its loop before sending.
protocol RequestBodySink: AnyObject {
    /// The next body bytes. Returning a plan stops reading and answers it (e.g. 507 disk full).
    func write(_ bytes: UnsafeRawBufferPointer) -> ResponsePlan?
    /// The whole body arrived.
    func finish(_ done: @escaping @Sendable (ResponsePlan) -> Void)
    /// The client went away, timed out or sent a malformed body: drop what was written.
    func abort()
}

/// How a request body is delimited (RFC 9112 §6.3).
enum BodyFraming {
    /// `Content-Length` bytes.
    case length(Int)
    /// The chunked transfer coding.
    case chunked

    /// The framing of a request head, or nil when it has no body.
    init?(_ head: RequestHead) {
        if head.isChunked {
            self = .chunked
        } else if let length = head.contentLength, length > 0 {
            self = .length(length)
        } else {
            return nil
        }
    }
}

/// Reads one request body out of a byte stream, whichever the framing, and passes the body bytes
/// on (or drops them).
struct BodyReader {
    /// What one call made of its input.
    enum Progress {
        /// All input consumed; the body goes on.
        case more
        /// The body ended after `consumed` bytes of the input.
        case done(consumed: Int)
        /// Malformed or too large: answer the status and close.
        case failed(HTTPParseError)
    }

    private var remaining: Int
    private var decoder: ChunkedDecoder?

    init(_ framing: BodyFraming, limits: HTTPLimits) {
        switch framing {
        case .length(let n):
            remaining = n
            decoder = nil
        case .chunked:
            remaining = 0
            decoder = ChunkedDecoder(limits: limits)
        }
    }

    /// Consumes body bytes from the start of `input`, calling `deliver` with each piece of body.
    mutating func consume(_ input: UnsafeRawBufferPointer, _ deliver: (UnsafeRawBufferPointer) -> Void) -> Progress {
        guard var d = decoder else {
            let n = min(remaining, input.count)
            if n > 0 { deliver(UnsafeRawBufferPointer(rebasing: input[..<n])) }
            remaining -= n
            return remaining == 0 ? .done(consumed: n) : .more
        }
        defer { decoder = d }
        var offset = 0
        while true {
            let rest = UnsafeRawBufferPointer(rebasing: input[offset...])
            switch d.decode(rest) {
            case .data(let range):
                deliver(UnsafeRawBufferPointer(rebasing: rest[range]))
                offset += range.upperBound
            case .needMore:
                return .more
            case .end(let consumed):
                return .done(consumed: offset + consumed)
            case .failure(let error):
                return .failed(error)
            }
        }
    }
}
