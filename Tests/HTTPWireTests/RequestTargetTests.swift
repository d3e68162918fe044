import Testing
@testable import HTTPWire

struct RequestTargetTests {
    /// raw origin-form target → decoded path and trailing slash, or the error.
    static let normalisation: [(String, Result<(String, Bool), HTTPParseError>)] = [
        ("/", .success(("/", true))),
        ("/a/../b", .success(("/b", false))),
        ("/a/b/../../c", .success(("/c", false))),
        ("/a/./b/", .success(("/a/b/", true))),
        ("/a/b/..", .success(("/a/", true))),
        ("/a/.", .success(("/a/", true))),
        ("/.", .success(("/", true))),
        ("/a/%2e%2e", .success(("/", true))),
        ("/a%2Fb", .success(("/a%2Fb", false))),
        ("/a%2fb", .success(("/a%2Fb", false))),
        ("/a/..%2F", .success(("/a/..%2F", false))),
        ("/a/%2e%2e%2fx", .success(("/a/..%2Fx", false))),
        ("/%C3%A9", .success(("/\u{E9}", false))),
        ("/caf\u{E9}", .success(("/caf\u{E9}", false))),
        ("/a%20b", .success(("/a b", false))),
        ("/%25", .success(("/%", false))),
        ("/%252F", .success(("/%2F", false))),
        ("//a//b", .success(("//a//b", false))),
        ("/a//..", .success(("/a/", true))),
        ("/a\\b", .success(("/a\\b", false))),
        ("/a\\..\\b", .success(("/a\\..\\b", false))),
        ("/.hidden", .success(("/.hidden", false))),
        ("/...", .success(("/...", false))),
        ("/a/%2E/b", .success(("/a/b", false))),
        ("/../x", .failure(.pathAboveRoot)),
        ("/..", .failure(.pathAboveRoot)),
        ("/%2e%2e/x", .failure(.pathAboveRoot)),
        ("/%2E%2E", .failure(.pathAboveRoot)),
        ("/a/../../x", .failure(.pathAboveRoot)),
        ("/a/./../..", .failure(.pathAboveRoot)),
        ("/%00", .failure(.forbiddenPathByte)),
        ("/a%0Ab", .failure(.forbiddenPathByte)),
        ("/a%7f", .failure(.forbiddenPathByte)),
        ("/%zz", .failure(.invalidPercentEncoding)),
        ("/%4", .failure(.invalidPercentEncoding)),
        ("/a%", .failure(.invalidPercentEncoding)),
        ("/%4g", .failure(.invalidPercentEncoding)),
        ("/%C3", .failure(.invalidUTF8Path)),
        ("/%FF", .failure(.invalidUTF8Path)),
        ("/%C0%AF", .failure(.invalidUTF8Path)),
        ("/%ED%A0%80", .failure(.invalidUTF8Path)),
        ("/%E0%80%80", .failure(.invalidUTF8Path)),
        ("/%F4%90%80%80", .failure(.invalidUTF8Path)),
        ("/%F0%9F%98", .failure(.invalidUTF8Path)),
        ("/%E2%82%AC%F0%9F%98%80", .success(("/\u{20AC}\u{1F600}", false))),
        ("/\u{1F600}/%F4%8F%BF%BF", .success(("/\u{1F600}/\u{10FFFF}", false))),
        ("/a#frag", .failure(.invalidRequestTarget)),
        ("a/b", .failure(.pathNotAbsolute)),
    ]

    @Test(arguments: normalisation.indices)
    func normalise_originFormTable(index: Int) {
        let (raw, expected) = Self.normalisation[index]
        let result = Result { () throws(HTTPParseError) -> RequestTarget in try RequestTarget(parsing: raw, method: .get) }
        switch (result, expected) {
        case (.success(.origin(let path, let query)), .success(let (decoded, endsWithSlash))):
            #expect(path.path == decoded, "\(raw)")
            #expect(path.endsWithSlash == endsWithSlash, "\(raw)")
            #expect(query == nil)
        case (.failure(let error), .failure(let expectedError)):
            #expect(error == expectedError, "\(raw)")
        default:
            Issue.record("\(raw): got \(result), expected \(expected)")
        }
    }

    @Test(arguments: [
        ("/a?x=1&y=%2F", "/a", "x=1&y=%2F"),
        ("/a/?", "/a/", ""),
        ("/s?q=a?b", "/s", "q=a?b"),
        ("/%2e%2e%2f?q", "/..%2F", "q"),
    ])
    func normalise_keepsQueryRaw(raw: String, path: String, query: String) throws {
        let target = try RequestTarget(parsing: raw, method: .get)
        #expect(target == .origin(try NormalisedPath(parsing: path), query: query))
    }

    @Test func normalise_fromRequestHead() throws {
        let request = try #require(head("GET /docs/../%7Euser/?a=b HTTP/1.1\r\nHost: a\r\n\r\n"))
        guard case .origin(let path, let query) = try request.normalisedTarget() else {
            Issue.record("expected origin-form")
            return
        }
        #expect(path.path == "/~user/")
        #expect(path.endsWithSlash)
        #expect(query == "a=b")
        #expect(request.target == "/docs/../%7Euser/?a=b")
    }

    @Test func normalise_headWithBadPathThrows() throws {
        let request = try #require(head("GET /../etc/passwd HTTP/1.0\r\n\r\n"))
        #expect(throws: HTTPParseError.pathAboveRoot) { try request.normalisedTarget() }
    }

    @Test func absoluteForm_parsesHostPortPathQuery() throws {
        let target = try RequestTarget(parsing: "http://Example.COM:8080/a/b%20c?q=1", method: .get)
        guard case .absolute(let absolute) = target else {
            Issue.record("expected absolute-form, got \(target)")
            return
        }
        #expect(absolute.scheme == "http")
        #expect(absolute.host == "example.com")
        #expect(absolute.port == 8080)
        #expect(absolute.rawPath == "/a/b%20c")
        #expect(absolute.query == "q=1")
        #expect(absolute.originForm == "/a/b%20c?q=1")
        #expect(try absolute.normalisedPath().path == "/a/b c")
    }

    @Test(arguments: [
        ("http://host", "host", nil, "/", nil),
        ("HTTP://host:80", "host", 80, "/", nil),
        ("http://host?x", "host", nil, "/", "x"),
        ("http://[::1]:8080/x", "[::1]", 8080, "/x", nil),
        ("http://host:/x", "host", nil, "/x", nil),
    ] as [(String, String, Int?, String, String?)])
    func absoluteForm_defaults(raw: String, host: String, port: Int?, path: String, query: String?) throws {
        guard case .absolute(let absolute) = try RequestTarget(parsing: raw, method: .get) else {
            Issue.record("expected absolute-form for \(raw)")
            return
        }
        #expect(absolute.host == host)
        #expect(absolute.port == port)
        #expect(absolute.effectivePort == port ?? 80)
        #expect(absolute.rawPath == path)
        #expect(absolute.query == query)
    }

    @Test(arguments: [
        ("https://host/", HTTPParseError.unsupportedScheme),
        ("ftp://host/", .unsupportedScheme),
        ("http://user@host/", .invalidAuthority),
        ("http://user:pw@host/", .invalidAuthority),
        ("http:///x", .invalidAuthority),
        ("http://:80/", .invalidAuthority),
        ("http://host:99999/", .invalidAuthority),
        ("http:/host/", .invalidAuthority),
        ("http://ho st/", .invalidRequestTarget),
    ])
    func absoluteForm_rejectsInvalid(raw: String, error: HTTPParseError) {
        #expect(throws: error) { try RequestTarget(parsing: raw, method: .get) }
    }

    @Test func asteriskForm_onlyForOptions() throws {
        #expect(try RequestTarget(parsing: "*", method: .options) == .asterisk)
        #expect(throws: HTTPParseError.targetFormNotAllowed) { try RequestTarget(parsing: "*", method: .get) }
    }

    @Test func authorityForm_onlyForConnect() throws {
        #expect(try RequestTarget(parsing: "Example.org:443", method: .connect) == .authority(host: "example.org", port: 443))
        #expect(try RequestTarget(parsing: "[::1]:8443", method: .connect) == .authority(host: "[::1]", port: 8443))
        #expect(throws: HTTPParseError.targetFormNotAllowed) { try RequestTarget(parsing: "example.org:443", method: .get) }
        #expect(throws: HTTPParseError.targetFormNotAllowed) { try RequestTarget(parsing: "/x", method: .connect) }
        #expect(throws: HTTPParseError.targetFormNotAllowed) { try RequestTarget(parsing: "example.org", method: .connect) }
        #expect(throws: HTTPParseError.targetFormNotAllowed) { try RequestTarget(parsing: "example.org:", method: .connect) }
    }
}
