import Testing
@testable import HTTPWire

/// `MessageBodyFramer`: where a body ends for each framing, what it passes on (as on the wire or
/// the content only), with the input split anywhere, and its limits.
struct MessageBodyFramerTests {
    /// What feeding pieces to a framer produced.
    struct Fed: Equatable {
        /// The bytes passed on.
        var out: String
        /// Input bytes that belonged to the body.
        var consumed: Int
        /// The last progress.
        var last: MessageBodyFramer.Progress
    }

    /// Feeds `pieces` in order until the body ends or fails.
    static func feed(_ framer: inout MessageBodyFramer, _ pieces: [[UInt8]]) -> Fed {
        var out: [UInt8] = []
        var consumed = 0
        var last = MessageBodyFramer.Progress.more
        for piece in pieces {
            last = piece.withUnsafeBytes { framer.consume($0) { out += $0 } }
            switch last {
            case .more: consumed += piece.count
            case .done(let n): return Fed(out: String(decoding: out, as: UTF8.self), consumed: consumed + n, last: last)
            case .failed: return Fed(out: String(decoding: out, as: UTF8.self), consumed: consumed, last: last)
            }
        }
        return Fed(out: String(decoding: out, as: UTF8.self), consumed: consumed, last: last)
    }

    /// `text` fed in two pieces split at `offset`.
    static func split(_ text: String, at offset: Int) -> [[UInt8]] {
        let bytes = Array(text.utf8)
        return [Array(bytes[..<offset]), Array(bytes[offset...])]
    }

    static let chunked = "3;name=value\r\nabc\r\n2\r\nde\r\n0\r\nX-Trailer: t\r\n\r\n"

    @Test(arguments: [
        (BodyFraming.length(5), MessageBodyFramer.Emission.content, "abcdeGET /", "abcde", 5),
        (.length(5), .wire, "abcdeGET /", "abcde", 5),
        (.chunked, .wire, chunked + "NEXT", chunked, chunked.utf8.count),
        (.chunked, .content, chunked + "NEXT", "abcde", chunked.utf8.count),
        (.chunked, .content, "5\nhello\n0\n\nNEXT", "hello", 11),
    ])
    func framer_findsTheEndWhereverTheInputIsSplit(framing: BodyFraming, emission: MessageBodyFramer.Emission, input: String,
                                                   out: String, consumed: Int) {
        for offset in 0...input.utf8.count {
            var framer = MessageBodyFramer(framing, emitting: emission)
            let fed = Self.feed(&framer, Self.split(input, at: offset))
            #expect(fed == Fed(out: out, consumed: consumed, last: fed.last), "split at \(offset)")
            guard case .done = fed.last else { Issue.record("no end with the split at \(offset)"); return }
            #expect(framer.isComplete)
        }
        var byteByByte = MessageBodyFramer(framing, emitting: emission)
        let fed = Self.feed(&byteByByte, input.utf8.map { [$0] })
        #expect(fed.out == out && fed.consumed == consumed)
    }

    @Test func framer_afterTheEndConsumesNothing() {
        var framer = MessageBodyFramer(.length(2))
        _ = Self.feed(&framer, [Array("ab".utf8)])
        #expect(Self.feed(&framer, [Array("cd".utf8)]) == Fed(out: "", consumed: 0, last: .done(consumed: 0)))
    }

    @Test func framer_untilClosePassesEverythingAndNoneNothing() {
        var untilClose = MessageBodyFramer(.untilClose, emitting: .wire)
        #expect(Self.feed(&untilClose, [Array("a".utf8), Array("b".utf8)]) == Fed(out: "ab", consumed: 2, last: .more))
        #expect(!untilClose.isComplete)
        var none = MessageBodyFramer(.none)
        #expect(none.isComplete)
        #expect(Self.feed(&none, [Array("x".utf8)]) == Fed(out: "", consumed: 0, last: .done(consumed: 0)))
        #expect(MessageBodyFramer(.length(0)).isComplete)
    }

    @Test(arguments: [
        ("zz\r\n", HTTPParseError.invalidChunkSize),
        ("3\r\nabcX", .malformedChunk),
        ("3\r\nabc\rX", .bareCR),
        ("3;\u{1}\r\n", .malformedChunk),
        ("0\r\n folded\r\n\r\n", .obsFold),
        ("0\r\nBad Name: x\r\n\r\n", .whitespaceBeforeColon),
        ("1000000000000000\r\n", .invalidChunkSize),
    ])
    func framer_refusesMalformedChunksAndKeepsRefusing(input: String, error: HTTPParseError) {
        for emission in [MessageBodyFramer.Emission.wire, .content] {
            var framer = MessageBodyFramer(.chunked, emitting: emission)
            #expect(Self.feed(&framer, [Array(input.utf8)]).last == .failed(error))
            #expect(Self.feed(&framer, [Array("0\r\n\r\n".utf8)]).last == .failed(error), "a failure is final")
        }
    }

    @Test(arguments: [
        (BodyFraming.chunked, "b\r\nhello world\r\n0\r\n\r\n", HTTPParseError.contentTooLarge),
        (.length(11), "hello world", .contentTooLarge),
        (.untilClose, "hello world", .contentTooLarge),
        (.chunked, "a;" + String(repeating: "x", count: 40) + "\r\n", .chunkLineTooLong),
        (.chunked, "0\r\nX: " + String(repeating: "x", count: 40) + "\r\n\r\n", .trailerTooLarge),
        (.length(-1), "", .invalidContentLength),
    ])
    func framer_boundsEveryBodyByTheLimits(framing: BodyFraming, input: String, error: HTTPParseError) {
        let limits = HTTPLimits(maxBodyBytes: 10, maxChunkLineBytes: 16, maxTrailerBytes: 16)
        var framer = MessageBodyFramer(framing, limits: limits)
        let fed = Self.feed(&framer, [Array(input.utf8)])
        #expect(fed.last == .failed(error))
        #expect(fed.out.utf8.count <= limits.maxBodyBytes)
    }

    @Test func framer_acceptsABodyOfExactlyTheLimit() {
        let limits = HTTPLimits(maxBodyBytes: 5)
        var chunked = MessageBodyFramer(.chunked, limits: limits)
        #expect(Self.feed(&chunked, [Array("5\r\nhello\r\n0\r\n\r\n".utf8)]).out == "hello")
        var untilClose = MessageBodyFramer(.untilClose, limits: limits)
        #expect(Self.feed(&untilClose, [Array("hello".utf8)]).last == .more)
    }

    @Test(arguments: [
        ("PUT /a HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n", BodyFraming?.some(.chunked)),
        ("PUT /a HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\n", .length(5)),
        ("PUT /a HTTP/1.1\r\nHost: h\r\nContent-Length: 0\r\n\r\n", nil),
        ("GET /a HTTP/1.1\r\nHost: h\r\n\r\n", nil),
    ])
    func bodyFraming_ofARequestHead(text: String, expected: BodyFraming?) throws {
        #expect(BodyFraming(try RequestHead(parsing: Array(text.utf8))) == expected)
    }
}
