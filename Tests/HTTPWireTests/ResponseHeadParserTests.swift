import Testing
@testable import HTTPWire

/// `ResponseHeadParser` and `ParsedResponseHead`: what an origin's response head must look like,
/// parsed whole or as it trickles in, and how it frames the body that follows.
struct ResponseHeadParserTests {
    struct Unexpected: Error {}

    static func parse(_ text: String, parser: ResponseHeadParser = ResponseHeadParser()) -> ResponseHeadParser.Outcome {
        var parser = parser
        return parser.parse(Array(text.utf8))
    }

    static func head(_ text: String) throws -> ParsedResponseHead {
        guard case .head(let head, _) = parse(text) else { throw Unexpected() }
        return head
    }

    /// Parses a growing buffer, one byte more per call, until the outcome is known.
    static func parseByteByByte(_ text: String, parser: ResponseHeadParser = ResponseHeadParser()) -> ResponseHeadParser.Outcome {
        var parser = parser
        var buffer: [UInt8] = []
        for byte in text.utf8 {
            buffer.append(byte)
            let outcome = parser.parse(buffer)
            if outcome != .needMore { return outcome }
        }
        return .needMore
    }

    @Test func parse_readsStatusReasonAndFields() throws {
        let text = "HTTP/1.1 404 Not Found\r\nContent-Length: 3\r\nX-A:  b \r\n\r\nabc"
        guard case .head(let head, let consumed) = Self.parse(text) else { throw Unexpected() }
        #expect(head.status == 404 && head.version == .http11 && !head.isInterim)
        #expect(String(decoding: head.bytes[head.reason], as: UTF8.self) == "Not Found")
        #expect(head.values("x-a") == ["b"])
        #expect(head.fields.count == 2 && head.lowercasedName(at: 0) == "content-length" && head.value(at: 0) == "3")
        #expect(consumed == 55 && head.bytes.count == 55)
    }

    @Test(arguments: [
        ("HTTP/1.0 200\n\n", 200, ""), ("HTTP/1.1 100 Continue\r\n\r\n", 100, "Continue"), ("HTTP/1.1 999 \r\n\r\n", 999, ""),
        ("HTTP/1.1 200 OK \t fine\r\n\r\n", 200, "OK \t fine"),
    ])
    func parse_acceptsEveryStatusLineForm(text: String, status: Int, reason: String) throws {
        let head = try Self.head(text)
        #expect(head.status == status)
        #expect(String(decoding: head.bytes[head.reason], as: UTF8.self) == reason)
    }

    static let samples = [
        "HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nabc", "HTTP/1.0 302 Found\nLocation: /x\n\n", "HTTP/1.1 200 OK\r\n folded\r\n\r\n",
        "HTTP/1.1 200 OK\r\nBad Name: x\r\n\r\n", "SSH-2.0-OpenSSH\r\n", "HTTP/1.1 200 OK\r\nX: a\u{1}b\r\n\r\n", "HTTP/1.1 103 Early\r\n\r\nHTTP/1.1 200 OK\r\n\r\n",
    ]

    @Test(arguments: samples)
    func parse_byteByByteAgreesWithOneShot(text: String) {
        #expect(Self.parseByteByByte(text) == Self.parse(text))
    }

    @Test(arguments: ["HTTP/1.1 200 OK\r\nContent-Le", "HTTP/1.", "HTTP/1.1 200 OK\r\n", "HTTP/1.1 200 OK\r\n\r", ""])
    func parse_waitsForTheEmptyLine(text: String) {
        #expect(Self.parse(text) == .needMore)
    }

    @Test(arguments: [
        ("SSH-2.0-OpenSSH\r\n\r\n", ResponseHeadError.notHTTP1), ("SSH", .notHTTP1), ("HTTP/2 200\r\n\r\n", .notHTTP1),
        ("garbage", .notHTTP1), ("\r\nHTTP/1.1 200 OK\r\n\r\n", .notHTTP1), ("\nHTTP/1.1 200 OK\n\n", .notHTTP1),
        ("HTTP/1.1 20\r\n\r\n", .invalidStatusLine), ("HTTP/\n\n", .notHTTP1),
        ("HTTP/1.1 20 OK\r\n\r\n", .invalidStatusLine), ("HTTP/1.2 200 OK\r\n\r\n", .invalidStatusLine),
        ("HTTP/1.1 099 Low\r\n\r\n", .invalidStatusLine), ("HTTP/1.1  200 OK\r\n\r\n", .invalidStatusLine),
        ("HTTP/1.1 200OK\r\n\r\n", .invalidStatusLine), ("HTTP/1.1 200 O\u{1}K\r\n\r\n", .invalidReasonPhrase),
        ("HTTP/1.1 200 OK\r\r\n\r\n", .invalidReasonPhrase), ("HTTP/1.1 200 OK\r\n folded\r\n\r\n", .obsFold),
        ("HTTP/1.1 200 OK\r\nBad Name: x\r\n\r\n", .invalidFieldName), ("HTTP/1.1 200 OK\r\nName : x\r\n\r\n", .invalidFieldName),
        ("HTTP/1.1 200 OK\r\n: x\r\n\r\n", .invalidFieldName), ("HTTP/1.1 200 OK\r\nNoColon\r\n\r\n", .missingColon),
        ("HTTP/1.1 200 OK\r\nX: a\u{1}b\r\n\r\n", .invalidFieldValue), ("HTTP/1.1 200 OK\r\nX: a\r\r\n\r\n", .invalidFieldValue),
    ])
    func parse_refusesMalformedHeads(text: String, error: ResponseHeadError) {
        #expect(Self.parse(text) == .invalid(error))
        #expect(Self.parseByteByByte(text) == .invalid(error))
    }

    @Test func parse_boundsTheHeadSize() {
        let parser = ResponseHeadParser(maxHeadBytes: 32)
        let exact = "HTTP/1.1 200 OK\r\nX: " + String(repeating: "a", count: 32 - 24) + "\r\n\r\n"
        #expect(exact.utf8.count == 32)
        guard case .head(_, let consumed) = Self.parse(exact, parser: parser) else { Issue.record("a head of the limit refused"); return }
        #expect(consumed == 32)
        let over = "HTTP/1.1 200 OK\r\nX: " + String(repeating: "a", count: 32 - 23) + "\r\n\r\n"
        #expect(Self.parse(over, parser: parser) == .invalid(.headTooLarge))
        // Refused as soon as the limit is reached without the end, not when more arrives.
        var cut = parser
        #expect(cut.parse(Array(over.utf8.prefix(31))) == .needMore)
        #expect(cut.parse(Array(over.utf8.prefix(32))) == .invalid(.headTooLarge))
        #expect(ResponseHeadParser().maxHeadBytes == ResponseHeadParser.defaultMaxHeadBytes)
    }

    @Test func parse_boundsTheFieldCount() {
        let parser = ResponseHeadParser(maxFields: 2)
        #expect(Self.parse("HTTP/1.1 200 OK\r\nA: 1\r\nB: 2\r\n\r\n", parser: parser) != .invalid(.tooManyFields))
        #expect(Self.parse("HTTP/1.1 200 OK\r\nA: 1\r\nB: 2\r\nC: 3\r\n\r\n", parser: parser) == .invalid(.tooManyFields))
    }

    @Test func parse_repeatsItsAnswerUntilResetThenReadsTheNextHead() throws {
        let wire = Array("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 204 No Content\r\n\r\n".utf8)
        var parser = ResponseHeadParser()
        guard case .head(let interim, let consumed) = parser.parse(wire) else { throw Unexpected() }
        #expect(interim.isInterim && consumed == 25)
        #expect(parser.parse(wire) == .head(interim, consumed: consumed), "a finished parser repeats itself")
        parser.reset()
        guard case .head(let final, _) = parser.parse(Array(wire[consumed...])) else { throw Unexpected() }
        #expect(final.status == 204 && !final.isInterim)
    }

    @Test(arguments: [
        ("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\nContent-Length: 5\r\n\r\n", BodyFraming.chunked),
        ("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\nTransfer-Encoding: Chunked ; q=1\r\n\r\n", .chunked),
        ("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked, \r\n\r\n", .chunked),
        ("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n", .untilClose),
        ("HTTP/1.1 200 OK\r\nContent-Length: 7, 7\r\ncontent-length: 7\r\n\r\n", .length(7)),
        ("HTTP/1.0 200 OK\r\n\r\n", .untilClose),
        ("HTTP/1.1 204 No Content\r\nContent-Length: 9\r\n\r\n", .none),
        ("HTTP/1.1 304 Not Modified\r\nTransfer-Encoding: chunked\r\n\r\n", .none),
        ("HTTP/1.1 103 Early Hints\r\n\r\n", .none),
    ])
    func bodyFraming_followsRFC9112(text: String, expected: BodyFraming) throws {
        #expect(try Self.head(text).bodyFraming(for: .get) == .success(expected))
    }

    @Test func bodyFraming_ofAResponseToHEADIsNone() throws {
        #expect(try Self.head("HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\n").bodyFraming(for: .head) == .success(.none))
    }

    @Test(arguments: [
        ("HTTP/1.1 200 OK\r\nContent-Length: 5, 6\r\n\r\n", ResponseHeadError.conflictingContentLength),
        ("HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n", .conflictingContentLength),
        ("HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n", .invalidContentLength),
        ("HTTP/1.1 200 OK\r\nContent-Length: 1,\r\n\r\n", .invalidContentLength),
        ("HTTP/1.1 200 OK\r\nContent-Length: 1234567890123456789\r\n\r\n", .invalidContentLength),
        ("HTTP/1.0 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n", .transferEncodingInHTTP10),
        ("HTTP/1.1 200 OK\r\nTransfer-Encoding: ;\r\n\r\n", .invalidTransferEncoding),
        ("HTTP/1.1 200 OK\r\nTransfer-Encoding:\r\n\r\n", .invalidTransferEncoding),
    ])
    func bodyFraming_refusesAmbiguousFraming(text: String, error: ResponseHeadError) throws {
        #expect(try Self.head(text).bodyFraming(for: .get) == .failure(error))
    }

    @Test func errors_haveAReason() {
        for error in ResponseHeadError.allCases { #expect(!error.reason.isEmpty) }
    }
}
