import Testing
@testable import HTTPWire

struct HTTPStatusTests {
    @Test(arguments: [
        (200, "OK"), (206, "Partial Content"), (304, "Not Modified"), (401, "Unauthorized"),
        (407, "Proxy Authentication Required"), (413, "Content Too Large"), (414, "URI Too Long"),
        (416, "Range Not Satisfiable"), (431, "Request Header Fields Too Large"), (505, "HTTP Version Not Supported"),
        (299, ""),
    ])
    func reasonPhrase_isStandard(code: Int, phrase: String) throws {
        let status = try #require(HTTPStatus(code: code))
        #expect(status.reasonPhrase == phrase)
        #expect(status.code == code)
    }

    @Test(arguments: [99, 600, 0, -1])
    func init_refusesCodesOutsideRange(code: Int) {
        #expect(HTTPStatus(code: code) == nil)
    }

    @Test func parseError_everyCaseHasStatusAndReason() {
        for error in HTTPParseError.allCases {
            #expect((400..<600).contains(error.status.code), "\(error)")
            #expect(!error.reason.isEmpty, "\(error)")
        }
    }

    @Test(arguments: [
        (HTTPParseError.uriTooLong, 414), (.headerFieldsTooLarge, 431), (.tooManyHeaderFields, 431),
        (.versionNotSupported, 505), (.obsFold, 400), (.bareCR, 400), (.pathAboveRoot, 400),
        (.unsupportedTransferCoding, 501), (.contentTooLarge, 413), (.trailerTooLarge, 431),
    ])
    func parseError_mapsToStatus(error: HTTPParseError, code: Int) {
        #expect(error.status.code == code)
    }
}
