import Testing
@testable import HTTPWire

struct RequestParserTests {
    @Test func parse_readsRequestLineAndFields() throws {
        let text = "GET /index.html?x=1 HTTP/1.1\r\nHost: example.org\r\nUser-Agent:  curl/8.0  \r\nAccept: */*\r\n\r\n"
        let summary = try #require(parseWhole(text).summary)
        #expect(summary.method == "GET")
        #expect(summary.target == "/index.html?x=1")
        #expect(summary.version == .http11)
        #expect(summary.fields == [
            HTTPField(name: "Host", value: "example.org"),
            HTTPField(name: "User-Agent", value: "curl/8.0"),
            HTTPField(name: "Accept", value: "*/*"),
        ])
        #expect(summary.host == "example.org")
        #expect(summary.keepAlive)
        #expect(summary.contentLength == nil)
        #expect(!summary.isChunked)
        #expect(summary.consumed == text.utf8.count)
    }

    @Test func parse_keepsUnknownMethodAsToken() throws {
        let summary = try #require(parseWhole("BREW /pot HTTP/1.1\r\nHost: a\r\n\r\n").summary)
        #expect(summary.method == "BREW")
    }

    @Test func parse_acceptsLFOnlyLineEndings() throws {
        let text = "GET /x HTTP/1.1\nHost: a\nX-Thing: y\n\n"
        let summary = try #require(parseWhole(text).summary)
        #expect(summary.target == "/x")
        #expect(summary.fields == [HTTPField(name: "Host", value: "a"), HTTPField(name: "X-Thing", value: "y")])
        #expect(summary.consumed == text.utf8.count)
    }

    @Test(arguments: ["GET /path\r\n", "GET /path\n", "\r\nGET /path\r\n"])
    func parse_acceptsSimpleRequest(text: String) throws {
        let summary = try #require(parseWhole(text + "ignored").summary)
        #expect(summary.version == .http09)
        #expect(summary.target == "/path")
        #expect(summary.fields.isEmpty)
        #expect(!summary.keepAlive)
        #expect(summary.consumed == text.utf8.count)
    }

    @Test(arguments: [
        ("GET / HTTP/1.0\r\n\r\n", HTTPVersion.http10),
        ("GET / HTTP/1.1\r\nHost: a\r\n\r\n", .http11),
        ("GET /\r\n", .http09),
    ])
    func parse_acceptsSupportedVersions(text: String, version: HTTPVersion) throws {
        #expect(try #require(parseWhole(text).summary).version == version)
    }

    @Test(arguments: [
        "GET / HTTP/2.0\r\n\r\n", "GET / HTTP/1.2\r\n\r\n", "GET / HTTP/0.9\r\n\r\n", "GET / http/1.1\r\n\r\n",
        "GET / HTTP/1.10\r\n\r\n", "GET / FOO\r\n\r\n", "GET / HTTP/11\r\n\r\n", "GET / HTTP/1.1/garbage\r\n\r\n",
    ])
    func parse_rejectsOtherVersionsWith505(text: String) {
        let result = parseWhole(text)
        #expect(result.error == .versionNotSupported)
        #expect(result.error?.status == .httpVersionNotSupported)
    }

    @Test(arguments: [
        ("GET / HTTP/1.1 \r\n\r\n", HTTPParseError.invalidRequestLine),
        ("GET  / HTTP/1.1\r\n\r\n", .invalidRequestLine),
        (" GET / HTTP/1.1\r\n\r\n", .invalidRequestLine),
        ("GET\r\n\r\n", .invalidRequestLine),
        ("GET \r\n\r\n", .invalidRequestLine),
        ("GET / \r\n\r\n", .invalidRequestLine),
        ("G(T / HTTP/1.1\r\n\r\n", .invalidMethod),
        ("GE\u{7F}T / HTTP/1.1\r\n\r\n", .invalidMethod),
        ("GET /a\u{01}b HTTP/1.1\r\n\r\n", .invalidRequestTarget),
        ("GET /a\tb HTTP/1.1\r\n\r\n", .invalidRequestTarget),
        ("POST /x\r\n", .invalidSimpleRequest),
        ("get /x\r\n", .invalidSimpleRequest),
        ("GET / HTTP/1.1\rX", .bareCR),
        ("\rGET / HTTP/1.1\r\n\r\n", .bareCR),
        ("GET / HTTP/1.1\r\nHost: a\r\n\rX", .bareCR),
        ("GET / HTTP/1.1\r\nHost: a\rb\r\n\r\n", .bareCR),
        ("GET / HTTP/1.1\r\nHost: a\r\n folded\r\n\r\n", .obsFold),
        ("GET / HTTP/1.1\r\nHost: a\r\n\tfolded\r\n\r\n", .obsFold),
        ("GET / HTTP/1.1\r\n Host: a\r\n\r\n", .obsFold),
        ("GET / HTTP/1.1\r\nHost : a\r\n\r\n", .whitespaceBeforeColon),
        ("GET / HTTP/1.1\r\nHost\t: a\r\n\r\n", .whitespaceBeforeColon),
        ("GET / HTTP/1.1\r\nHo(st: a\r\n\r\n", .invalidFieldName),
        ("GET / HTTP/1.1\r\n: a\r\n\r\n", .invalidFieldName),
        ("GET / HTTP/1.1\r\nHöst: a\r\n\r\n", .invalidFieldName),
        ("GET / HTTP/1.1\r\nHost\r\n\r\n", .missingColon),
        ("GET / HTTP/1.1\r\nHost: a\u{0}b\r\n\r\n", .invalidFieldValue),
        ("GET / HTTP/1.1\r\nHost: a\r\nX: a\u{7F}\r\n\r\n", .invalidFieldValue),
    ])
    func parse_rejectsMalformedHeads(text: String, error: HTTPParseError) {
        #expect(parseWhole(text).error == error)
        #expect(parseByteByByte(bytes(text)).error == error)
    }

    @Test func parse_keepsObsTextInValues() throws {
        let summary = try #require(parseWhole("GET / HTTP/1.1\r\nHost: a\r\nX-Name: caf\u{E9}\r\n\r\n").summary)
        #expect(summary.fields.last == HTTPField(name: "X-Name", value: "caf\u{E9}"))
    }

    @Test func parse_keepsEmptyValue() throws {
        let summary = try #require(parseWhole("GET / HTTP/1.0\r\nX-Empty:\r\nY:   \r\n\r\n").summary)
        #expect(summary.fields == [HTTPField(name: "X-Empty", value: ""), HTTPField(name: "Y", value: "")])
    }

    @Test func parse_parsesPipelinedHeadsUsingConsumed() throws {
        let first = "GET /one HTTP/1.1\r\nHost: a\r\n\r\n"
        let second = "HEAD /two HTTP/1.1\r\nHost: b\r\nConnection: close\r\n\r\n"
        let buffer = bytes(first + second)
        var parser = RequestParser()
        let one = Parsed(buffer.withUnsafeBytes { parser.parse($0) })
        let summaryOne = try #require(one.summary)
        #expect(summaryOne.target == "/one")
        #expect(summaryOne.consumed == first.utf8.count)
        parser.reset()
        let two = Parsed(buffer.withUnsafeBytes { parser.parse(UnsafeRawBufferPointer(rebasing: $0[summaryOne.consumed...])) })
        let summaryTwo = try #require(two.summary)
        #expect(summaryTwo.method == "HEAD")
        #expect(summaryTwo.target == "/two")
        #expect(!summaryTwo.keepAlive)
        #expect(summaryOne.consumed + summaryTwo.consumed == buffer.count)
    }

    @Test func parse_returnsSameOutcomeUntilReset() throws {
        var parser = RequestParser()
        let input = bytes("GET /a HTTP/1.0\r\n\r\nGET /b HTTP/1.0\r\n\r\n")
        let first = Parsed(parser.parse(input))
        #expect(Parsed(parser.parse(input)) == first)
        parser.reset()
        #expect(Parsed(parser.parse(input)).summary?.target == "/a")
    }

    @Test func parse_needsMoreUntilEmptyLine() {
        var parser = RequestParser()
        #expect(Parsed(parser.parse(bytes("GET / HTTP/1.1\r\nHost: a\r\n"))) == .needMore)
        #expect(Parsed(parser.parse(bytes("GET / HTTP/1.1\r\nHost: a\r\n\r"))) == .needMore)
        #expect(Parsed(parser.parse(bytes("GET / HTTP/1.1\r\nHost: a\r\n\r\n"))).summary?.host == "a")
    }

    static let splitSamples: [String] = [
        "GET /index.html HTTP/1.1\r\nHost: example.org\r\nAccept: */*\r\nConnection: keep-alive\r\n\r\n",
        "POST /upload HTTP/1.1\r\nHost: a:8080\r\nContent-Length: 12\r\nExpect: 100-continue\r\n\r\nbody...",
        "PUT /x HTTP/1.1\nHost: a\nTransfer-Encoding: chunked\n\n",
        "\r\n\nGET /x HTTP/1.0\r\nConnection: Keep-Alive\r\nX:   spaced value \t \r\n\r\n",
        "GET /simple\r\n",
        "GET / HTTP/1.1\r\nHost: a\r\n folded\r\n\r\n",
        "GET / HTTP/2.0\r\n\r\n",
        "GET / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n",
        "GET / HTTP/1.1\r\n\r\n",
    ]

    @Test(arguments: splitSamples)
    func parse_byteByByteMatchesWhole(text: String) {
        let input = bytes(text)
        let whole = parseWhole(input)
        #expect(whole != .needMore)
        #expect(parseByteByByte(input) == whole)
    }

    @Test func headers_lookupIsCaseInsensitiveAndOrdered() throws {
        let request = try #require(head("GET / HTTP/1.1\r\nHost: a\r\nX-Tag: one\r\nx-tag: two\r\nAccept: b\r\n\r\n"))
        #expect(request.headers["X-TAG"] == "one")
        #expect(request.headers.first("x-Tag") == "one")
        #expect(request.headers.values("x-tag") == ["one", "two"])
        #expect(request.headers.combinedValue("X-Tag") == "one, two")
        #expect(request.headers.contains("accept"))
        #expect(!request.headers.contains("Accept-Language"))
        #expect(request.headers["Missing"] == nil)
        #expect(request.headers.count == 4)
        #expect(request.headers.name(at: 2) == "x-tag")
        #expect(request.headers.withValueBytes(at: 3) { Array($0) } == [0x62])
    }

    @Test func requestHead_initParsingThrowsOnIncompleteOrInvalid() {
        #expect(throws: HTTPParseError.invalidRequestLine) { try RequestHead(parsing: bytes("GET / HTTP/1.1\r\n")) }
        #expect(throws: HTTPParseError.missingHost) { try RequestHead(parsing: bytes("GET / HTTP/1.1\r\n\r\n")) }
    }

    @Test func headers_builtFromFieldsSupportLookup() {
        let headers = HTTPHeaders([HTTPField(name: "If-None-Match", value: "\"v1\""), HTTPField(name: "X", value: "y")])
        #expect(headers.count == 2)
        #expect(headers["if-none-match"] == "\"v1\"")
        #expect(Array(headers) == [HTTPField(name: "If-None-Match", value: "\"v1\""), HTTPField(name: "X", value: "y")])
        let outcome = ConditionalRequest.evaluate(method: .get, headers: headers, etag: EntityTag(opaqueTag: "v1"), lastModified: nil)
        #expect(outcome == .notModified)
    }
}
