import Testing
@testable import HTTPWire

struct ConditionalRequestTests {
    static let etag = EntityTag(opaqueTag: "v1")
    static let lastModified = 784_111_777  // Sun, 06 Nov 1994 08:49:37 GMT
    static let same = "Sun, 06 Nov 1994 08:49:37 GMT"
    static let earlier = "Sun, 06 Nov 1994 08:49:36 GMT"
    static let later = "Mon, 07 Nov 1994 00:00:00 GMT"

    @Test(arguments: [
        ("GET", "", ConditionalRequest.Outcome.proceed),
        ("GET", "If-None-Match: \"v1\"\r\n", .notModified),
        ("HEAD", "If-None-Match: W/\"v1\"\r\n", .notModified),
        ("PUT", "If-None-Match: \"v1\"\r\n", .preconditionFailed),
        ("PUT", "If-None-Match: *\r\n", .preconditionFailed),
        ("GET", "If-None-Match: \"v0\"\r\n", .proceed),
        ("GET", "If-Modified-Since: \(same)\r\n", .notModified),
        ("GET", "If-Modified-Since: \(later)\r\n", .notModified),
        ("GET", "If-Modified-Since: \(earlier)\r\n", .proceed),
        ("GET", "If-Modified-Since: yesterday\r\n", .proceed),
        ("GET", "If-Modified-Since: \(same)\r\nIf-Modified-Since: \(same)\r\n", .proceed),
        ("POST", "If-Modified-Since: \(same)\r\n", .proceed),
        ("GET", "If-None-Match: \"v0\"\r\nIf-Modified-Since: \(same)\r\n", .proceed),
        ("GET", "If-Match: \"v1\"\r\n", .proceed),
        ("PUT", "If-Match: \"v0\"\r\n", .preconditionFailed),
        ("PUT", "If-Match: W/\"v1\"\r\n", .preconditionFailed),
        ("PUT", "If-Unmodified-Since: \(earlier)\r\n", .preconditionFailed),
        ("PUT", "If-Unmodified-Since: \(same)\r\n", .proceed),
        ("PUT", "If-Unmodified-Since: nonsense\r\n", .proceed),
        ("PUT", "If-Match: \"v1\"\r\nIf-Unmodified-Since: \(earlier)\r\n", .proceed),
        ("GET", "If-Match: \"v0\"\r\nIf-None-Match: \"v0\"\r\n", .preconditionFailed),
        ("GET", "If-None-Match: \"v0\"\r\nIf-None-Match: \"v1\"\r\n", .notModified),
    ])
    func evaluate_followsRFC9110Precedence(method: String, fields: String, expected: ConditionalRequest.Outcome) throws {
        let request = try #require(head("\(method) /f HTTP/1.1\r\nHost: a\r\n\(fields)\r\n"))
        let outcome = ConditionalRequest.evaluate(
            method: request.method, headers: request.headers, etag: Self.etag, lastModified: Self.lastModified)
        #expect(outcome == expected)
    }

    @Test func evaluate_ignoresDatesWithoutLastModified() {
        let outcome = ConditionalRequest.evaluate(
            method: .get, ifMatch: nil, ifNoneMatch: nil, ifModifiedSince: Self.later, ifUnmodifiedSince: Self.earlier,
            etag: nil, lastModified: nil)
        #expect(outcome == .proceed)
    }

    @Test func dateHelpers_returnNilForInvalidDates() {
        #expect(ConditionalRequest.evaluateIfModifiedSince("nope", lastModified: 0) == nil)
        #expect(ConditionalRequest.evaluateIfModifiedSince(Self.earlier, lastModified: Self.lastModified) == true)
        #expect(ConditionalRequest.evaluateIfUnmodifiedSince("nope", lastModified: 0) == nil)
        #expect(ConditionalRequest.evaluateIfUnmodifiedSince(Self.later, lastModified: Self.lastModified) == true)
    }

    @Test(arguments: [
        ("\"v1\"", true),
        ("W/\"v1\"", false),
        ("\"v0\"", false),
        (same, true),
        (later, false),
        ("garbage", false),
    ])
    func ifRange_needsStrongMatchOrExactDate(value: String, honoured: Bool) {
        #expect(ConditionalRequest.evaluateIfRange(value, etag: Self.etag, lastModified: Self.lastModified) == honoured)
    }
}
