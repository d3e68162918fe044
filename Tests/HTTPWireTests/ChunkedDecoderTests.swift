import Testing
@testable import HTTPWire

struct ChunkedDecoderTests {
    /// The decoded body and the bytes consumed, or the error.
    enum Decoded: Equatable {
        case body(String, consumed: Int)
        case failure(HTTPParseError)
        case incomplete
    }

    /// Feeds all of `input` at once, as a server with the whole body buffered would.
    static func decodeWhole(_ input: [UInt8], limits: HTTPLimits = HTTPLimits()) -> Decoded {
        var decoder = ChunkedDecoder(limits: limits)
        var body: [UInt8] = []
        var offset = 0
        while true {
            switch decoder.decode(input[offset...]) {
            case .data(let range):
                body += input[(offset + range.lowerBound)..<(offset + range.upperBound)]
                offset += range.upperBound
            case .needMore: return .incomplete
            case .end(let consumed): return .body(String(decoding: body, as: UTF8.self), consumed: offset + consumed)
            case .failure(let error): return .failure(error)
            }
        }
    }

    /// Feeds one byte per read into a buffer, dropping consumed bytes, as a server reading slowly would.
    static func decodeByteByByte(_ input: [UInt8], limits: HTTPLimits = HTTPLimits()) -> Decoded {
        var decoder = ChunkedDecoder(limits: limits)
        var body: [UInt8] = []
        var buffer: [UInt8] = []
        var consumedTotal = 0
        for byte in input {
            buffer.append(byte)
            var draining = true
            while draining {
                switch decoder.decode(buffer[...]) {
                case .data(let range):
                    body += buffer[range]
                    buffer.removeFirst(range.upperBound)
                    consumedTotal += range.upperBound
                case .needMore:
                    consumedTotal += buffer.count
                    buffer.removeAll()
                    draining = false
                case .end(let consumed):
                    return .body(String(decoding: body, as: UTF8.self), consumed: consumedTotal + consumed)
                case .failure(let error):
                    return .failure(error)
                }
            }
        }
        return .incomplete
    }

    @Test(arguments: [
        ("5\r\nhello\r\n0\r\n\r\n", "hello"),
        ("5\nhello\n0\n\n", "hello"),
        ("5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n", "hello world"),
        ("3;ext=1\r\nabc\r\n0\r\n\r\n", "abc"),
        ("3 ;ext=\"q\"\r\nabc\r\n0;last\r\n\r\n", "abc"),
        ("A\r\n0123456789\r\n0\r\n\r\n", "0123456789"),
        ("a\r\n0123456789\r\n0\r\n\r\n", "0123456789"),
        ("0003\r\nabc\r\n0\r\n\r\n", "abc"),
        ("0\r\n\r\n", ""),
        ("2\r\nab\r\n0\r\nX-Trailer: 1\r\nY: 2\n\r\n", "ab"),
    ])
    func decode_yieldsBody(input: String, body: String) {
        let expected = Decoded.body(body, consumed: input.utf8.count)
        #expect(Self.decodeWhole(bytes(input)) == expected)
        #expect(Self.decodeByteByByte(bytes(input)) == expected)
    }

    @Test func decode_stopsAtEndOfBody() {
        let body = "3\r\nabc\r\n0\r\n\r\n"
        #expect(Self.decodeWhole(bytes(body + "GET / HTTP/1.1\r\n")) == .body("abc", consumed: body.utf8.count))
    }

    @Test(arguments: [
        ("g\r\n", HTTPParseError.invalidChunkSize),
        ("\r\n", .invalidChunkSize),
        ("-1\r\n", .invalidChunkSize),
        ("0x5\r\nhello\r\n", .invalidChunkSize),
        ("5 5\r\n", .invalidChunkSize),
        ("1000000000000000\r\n", .invalidChunkSize),
        ("5\rX", .bareCR),
        ("5\r\nhelloX\r\n", .malformedChunk),
        ("5\r\nhello\rX", .bareCR),
        ("1;a\u{1}\r\n", .malformedChunk),
        ("0\r\n folded\r\n\r\n", .obsFold),
        ("0\r\nX : 1\r\n\r\n", .whitespaceBeforeColon),
        ("0\r\nNoColon\r\n\r\n", .missingColon),
        ("0\r\n(x): 1\r\n\r\n", .invalidFieldName),
        ("0\r\nX: a\u{0}\r\n\r\n", .invalidFieldValue),
        ("0\r\n\rX", .bareCR),
    ])
    func decode_rejectsMalformed(input: String, error: HTTPParseError) {
        #expect(Self.decodeWhole(bytes(input)) == .failure(error))
        #expect(Self.decodeByteByByte(bytes(input)) == .failure(error))
    }

    @Test(arguments: [(10, false), (11, true)])
    func decode_bodyLimitAtAndPast(total: Int, fails: Bool) {
        let limits = HTTPLimits(maxBodyBytes: 10)
        let second = String(repeating: "y", count: total - 6)
        let input = "6\r\nxxxxxx\r\n\(String(total - 6, radix: 16))\r\n\(second)\r\n0\r\n\r\n"
        let expected: Decoded = fails ? .failure(.contentTooLarge) : .body("xxxxxx" + second, consumed: input.utf8.count)
        #expect(Self.decodeWhole(bytes(input), limits: limits) == expected)
    }

    @Test(arguments: [(8, false), (9, true)])
    func decode_chunkLineLimitAtAndPast(length: Int, fails: Bool) {
        let limits = HTTPLimits(maxChunkLineBytes: 8)
        let line = "1;" + String(repeating: "e", count: length - 2)
        let input = "\(line)\r\nz\r\n0\r\n\r\n"
        let expected: Decoded = fails ? .failure(.chunkLineTooLong) : .body("z", consumed: input.utf8.count)
        #expect(Self.decodeByteByByte(bytes(input), limits: limits) == expected)
    }

    @Test(arguments: [(9, false), (8, true)])
    func decode_trailerLimitAtAndPast(limit: Int, fails: Bool) {
        let limits = HTTPLimits(maxTrailerBytes: limit)
        let input = "0\r\nX:12345\r\n\r\n"  // the trailer line is 9 bytes with its CRLF
        let expected: Decoded = fails ? .failure(.trailerTooLarge) : .body("", consumed: input.utf8.count)
        #expect(Self.decodeWhole(bytes(input), limits: limits) == expected)
    }

    @Test func decode_isStickyAfterEnd() {
        var decoder = ChunkedDecoder()
        let input = bytes("0\r\n\r\n")
        #expect(decoder.decode(input[...]) == .end(consumed: 5))
        #expect(decoder.isFinished)
        #expect(decoder.decode(bytes("5\r\n")[...]) == .end(consumed: 5))
    }

    @Test func decode_countsBodyBytes() {
        var decoder = ChunkedDecoder()
        _ = decoder.decode(bytes("4\r\nab")[...])
        #expect(decoder.bodyBytes == 4)
    }
}
