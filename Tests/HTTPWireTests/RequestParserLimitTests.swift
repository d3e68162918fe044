import Testing
@testable import HTTPWire

struct RequestParserLimitTests {
    /// A request line of exactly `length` bytes (excluding CRLF).
    static func requestLine(length: Int) -> String {
        let fixed = "GET / HTTP/1.0".utf8.count
        return "GET /" + String(repeating: "a", count: length - fixed) + " HTTP/1.0"
    }

    @Test func requestLine_atLimitIsAccepted() throws {
        let line = Self.requestLine(length: HTTPLimits.defaultMaxRequestLineBytes)
        #expect(line.utf8.count == 8192)
        #expect(try #require(parseWhole(line + "\r\n\r\n").summary).version == .http10)
        #expect(parseWhole(line).error == nil)  // no line ending yet: still waiting
    }

    @Test func requestLine_pastLimitIs414() {
        let line = Self.requestLine(length: HTTPLimits.defaultMaxRequestLineBytes + 1)
        #expect(parseWhole(line + "\r\n\r\n").error == .uriTooLong)
        #expect(parseWhole(line + "\r\n\r\n").error?.status == .uriTooLong)
    }

    @Test func requestLine_longLineWithoutEndingFailsAsBytesArrive() {
        let partial = "GET /" + String(repeating: "a", count: 9 * 1024)
        #expect(parseWhole(partial).error == .uriTooLong)
        #expect(parseWhole(String(partial.prefix(8192))) == .needMore)
        #expect(parseWhole(String(partial.prefix(8193))).error == .uriTooLong)
    }

    @Test func requestLine_simpleRequestAtAndPastLimit() {
        let atLimit = "GET /" + String(repeating: "a", count: 8192 - 5)
        #expect(parseWhole(atLimit + "\r\n").summary?.version == .http09)
        #expect(parseWhole(atLimit + "a\r\n").error == .uriTooLong)
    }

    @Test(arguments: [(16, false), (17, true)])
    func requestLine_overriddenLimit(length: Int, fails: Bool) {
        let limits = HTTPLimits(maxRequestLineBytes: 16)
        let result = parseWhole(Self.requestLine(length: length) + "\r\n\r\n", limits: limits)
        #expect((result.error == .uriTooLong) == fails)
        #expect((result.summary != nil) == !fails)
    }

    /// Field lines totalling exactly `total` bytes, CRLF endings included; starts with Host.
    static func fieldLines(total: Int) -> String {
        let host = "Host: a\r\n"
        let overhead = host.utf8.count + "X: \r\n".utf8.count
        return host + "X: " + String(repeating: "v", count: total - overhead) + "\r\n"
    }

    @Test func headerBlock_atLimitIsAccepted() throws {
        let fields = Self.fieldLines(total: HTTPLimits.defaultMaxHeaderBlockBytes)
        #expect(fields.utf8.count == 32768)
        let text = "GET / HTTP/1.1\r\n" + fields + "\r\n"
        #expect(try #require(parseWhole(text).summary).consumed == text.utf8.count)
        #expect(parseByteByByte(bytes(text)).summary != nil)
    }

    @Test func headerBlock_pastLimitIs431() {
        let text = "GET / HTTP/1.1\r\n" + Self.fieldLines(total: HTTPLimits.defaultMaxHeaderBlockBytes + 1) + "\r\n"
        #expect(parseWhole(text).error == .headerFieldsTooLarge)
        #expect(parseWhole(text).error?.status == .requestHeaderFieldsTooLarge)
    }

    @Test func headerBlock_growingWithoutEndFailsAsBytesArrive() {
        let text = "GET / HTTP/1.1\r\nX: " + String(repeating: "v", count: 40 * 1024)
        #expect(parseWhole(text).error == .headerFieldsTooLarge)
    }

    @Test(arguments: [(24, false), (25, true)])
    func headerBlock_overriddenLimitCountsLineEndings(total: Int, fails: Bool) {
        let limits = HTTPLimits(maxHeaderBlockBytes: 24)
        let text = "GET / HTTP/1.1\r\n" + Self.fieldLines(total: total) + "\r\n"
        #expect((parseWhole(text, limits: limits).error == .headerFieldsTooLarge) == fails)
        #expect((parseByteByByte(bytes(text), limits: limits).error == .headerFieldsTooLarge) == fails)
    }

    static func request(fieldCount: Int) -> String {
        "GET / HTTP/1.1\r\nHost: a\r\n" + (1..<fieldCount).map { "X-\($0): v\r\n" }.joined() + "\r\n"
    }

    @Test func fieldCount_atLimitIsAccepted() throws {
        let summary = try #require(parseWhole(Self.request(fieldCount: HTTPLimits.defaultMaxHeaderFields)).summary)
        #expect(summary.fields.count == 100)
    }

    @Test func fieldCount_pastLimitIs431() {
        let result = parseWhole(Self.request(fieldCount: HTTPLimits.defaultMaxHeaderFields + 1))
        #expect(result.error == .tooManyHeaderFields)
        #expect(result.error?.status == .requestHeaderFieldsTooLarge)
    }

    @Test func fieldCount_failsWhenTheExtraLineStarts() {
        let hundred = "GET / HTTP/1.1\r\nHost: a\r\n" + (1..<100).map { "X-\($0): v\r\n" }.joined()
        #expect(parseWhole(hundred + "Y") .error == .tooManyHeaderFields)
    }

    @Test(arguments: [(4, false), (5, true)])
    func leadingEmptyLines_atAndPastLimit(count: Int, fails: Bool) {
        let prefix = (0..<count).map { $0.isMultiple(of: 2) ? "\r\n" : "\n" }.joined()
        let result = parseWhole(prefix + "GET / HTTP/1.0\r\n\r\n")
        #expect((result.error == .tooManyLeadingEmptyLines) == fails)
        if !fails { #expect(result.summary?.consumed == prefix.utf8.count + 18) }
    }

    @Test(arguments: [(64, false), (65, true)])
    func contentLength_atAndPastBodyLimit(length: Int, fails: Bool) {
        let limits = HTTPLimits(maxBodyBytes: 64)
        let result = parseWhole("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: \(length)\r\n\r\n", limits: limits)
        #expect((result.error == .contentTooLarge) == fails)
        if fails { #expect(result.error?.status == .contentTooLarge) }
    }
}
