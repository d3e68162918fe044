import Testing
@testable import HTTPWire

struct RequestFramingTests {
    static func request(_ fields: String, version: String = "HTTP/1.1") -> String {
        "POST /x \(version)\r\nHost: a\r\n\(fields)\r\n"
    }

    @Test(arguments: [
        ("Content-Length: 42\r\n", 42),
        ("Content-Length: 0\r\n", 0),
        ("Content-Length: 007\r\n", 7),
        ("Content-Length: 5\r\nContent-Length: 5\r\n", 5),
        ("Content-Length: 5, 5\r\n", 5),
        ("Content-Length: 5,5\r\ncontent-length: 5\r\n", 5),
    ])
    func contentLength_acceptsNumbersAndIdenticalDuplicates(fields: String, length: Int) throws {
        let summary = try #require(parseWhole(Self.request(fields)).summary)
        #expect(summary.contentLength == length)
        #expect(!summary.isChunked)
    }

    @Test(arguments: [
        ("Content-Length: abc\r\n", HTTPParseError.invalidContentLength),
        ("Content-Length: -1\r\n", .invalidContentLength),
        ("Content-Length: +1\r\n", .invalidContentLength),
        ("Content-Length: 1 2\r\n", .invalidContentLength),
        ("Content-Length: 0x10\r\n", .invalidContentLength),
        ("Content-Length:\r\n", .invalidContentLength),
        ("Content-Length: 5,\r\n", .invalidContentLength),
        ("Content-Length: 1234567890123456789\r\n", .invalidContentLength),
        ("Content-Length: 5\r\nContent-Length: 6\r\n", .conflictingContentLength),
        ("Content-Length: 5, 6\r\n", .conflictingContentLength),
        ("Transfer-Encoding: chunked\r\nContent-Length: 5\r\n", .contentLengthWithTransferEncoding),
        ("Content-Length: 5\r\nTransfer-Encoding: chunked\r\n", .contentLengthWithTransferEncoding),
        ("Transfer-Encoding: gzip\r\n", .transferEncodingNotChunked),
        ("Transfer-Encoding: chunked, gzip\r\n", .transferEncodingNotChunked),
        ("Transfer-Encoding: chunked\r\nTransfer-Encoding: gzip\r\n", .transferEncodingNotChunked),
        ("Transfer-Encoding: chunked, chunked\r\n", .invalidTransferEncoding),
        ("Transfer-Encoding:\r\n", .invalidTransferEncoding),
        ("Transfer-Encoding: chunked x\r\n", .invalidTransferEncoding),
        ("Transfer-Encoding: gzip, chunked\r\n", .unsupportedTransferCoding),
        ("Host: b\r\n", .multipleHost),
        ("host: a\r\n", .multipleHost),
    ])
    func framing_rejectsAmbiguousOrInvalidFields(fields: String, error: HTTPParseError) {
        #expect(parseWhole(Self.request(fields)).error == error)
    }

    @Test func framing_unsupportedCodingIs501() {
        #expect(HTTPParseError.unsupportedTransferCoding.status == .notImplemented)
    }

    @Test(arguments: ["Transfer-Encoding: chunked\r\n", "Transfer-Encoding: Chunked\r\n", "Transfer-Encoding: chunked\n"])
    func transferEncoding_acceptsChunked(fields: String) throws {
        let summary = try #require(parseWhole(Self.request(fields)).summary)
        #expect(summary.isChunked)
        #expect(summary.contentLength == nil)
    }

    @Test func transferEncoding_refusedInHTTP10() {
        let text = "POST /x HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n"
        #expect(parseWhole(text).error == .transferEncodingInHTTP10)
    }

    @Test func host_requiredForHTTP11Only() {
        #expect(parseWhole("GET / HTTP/1.1\r\nAccept: */*\r\n\r\n").error == .missingHost)
        #expect(parseWhole("GET / HTTP/1.0\r\n\r\n").summary?.host == nil)
        #expect(parseWhole("GET / HTTP/1.1\r\nHost:\r\n\r\n").summary?.host == "")
    }

    @Test(arguments: ["example.org", "example.org:8080", "127.0.0.1", "[::1]:80", "a-b.c_d~", "xn--bcher-kva.example", "host:"])
    func host_acceptsValidAuthorities(value: String) {
        #expect(parseWhole("GET / HTTP/1.1\r\nHost: \(value)\r\n\r\n").summary?.host == value)
    }

    @Test(arguments: ["a b", "exa/mple", "user@host", "host:port", "host:123456", "[::1", "[zz]", "a:1:2", "%zz"])
    func host_rejectsInvalidValues(value: String) {
        #expect(parseWhole("GET / HTTP/1.1\r\nHost: \(value)\r\n\r\n").error == .invalidHost)
    }

    @Test(arguments: [
        ("HTTP/1.1", "", true),
        ("HTTP/1.1", "Connection: close\r\n", false),
        ("HTTP/1.1", "Connection: Keep-Alive, CLOSE\r\n", false),
        ("HTTP/1.1", "Connection: keep-alive\r\nConnection: close\r\n", false),
        ("HTTP/1.1", "Connection: upgrade\r\n", true),
        ("HTTP/1.0", "", false),
        ("HTTP/1.0", "Connection: keep-alive\r\n", true),
        ("HTTP/1.0", "Connection: Keep-Alive\r\n", true),
        ("HTTP/1.0", "Connection: keep-alive, close\r\n", false),
    ])
    func keepAlive_followsVersionAndConnection(version: String, fields: String, keepAlive: Bool) {
        let text = "GET / \(version)\r\nHost: a\r\n\(fields)\r\n"
        #expect(parseWhole(text).summary?.keepAlive == keepAlive)
    }

    @Test(arguments: [
        ("HTTP/1.1", "Expect: 100-continue\r\n", true),
        ("HTTP/1.1", "Expect: 100-Continue\r\n", true),
        ("HTTP/1.1", "Expect: something-else\r\n", false),
        ("HTTP/1.1", "", false),
        ("HTTP/1.0", "Expect: 100-continue\r\n", false),
    ])
    func expectsContinue_onlyForHTTP11(version: String, fields: String, expected: Bool) {
        let text = "PUT /x \(version)\r\nHost: a\r\nContent-Length: 3\r\n\(fields)\r\n"
        #expect(parseWhole(text).summary?.expectsContinue == expected)
    }

    @Test func hasBody_reflectsFraming() throws {
        #expect(try #require(head("GET / HTTP/1.1\r\nHost: a\r\n\r\n")).hasBody == false)
        #expect(try #require(head("PUT / HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\n\r\n")).hasBody == false)
        #expect(try #require(head("PUT / HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\n\r\n")).hasBody)
        #expect(try #require(head("PUT / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n")).hasBody)
    }
}
