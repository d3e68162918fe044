import HTTPWire
import Protection
import Testing
@testable import ServerCore

/// A loop's request services without sockets: parsed heads in, response plans out.
struct LoopServicesTests {
    let tree: TempTree
    let loop: TestLoop

    init() throws {
        tree = try TempTree()
        loop = try TestLoop(tree)
    }

    func plan(_ raw: String) throws -> ResponsePlan { try loop.plan(raw) }

    func header(_ plan: ResponsePlan, _ name: String) -> String? { plan.header(name) }

    @Test func servesAFileWithValidators() throws {
        let p = try plan("GET /pub/a.txt HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(p.head.status == .ok)
        #expect(p.head.contentLength == 10)
        #expect(p.head.etag != nil)
        #expect(p.head.contentType == "text/plain")
        guard case .bytes(let body) = p.body else { Issue.record("\(p.body)"); return }
        #expect(body == Array("0123456789".utf8))
    }

    @Test func headHasNoBody() throws {
        let p = try plan("HEAD /pub/a.txt HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(p.head.contentLength == 10)
        guard case .none = p.body else { Issue.record("body on HEAD"); return }
    }

    @Test func rangeGives206AndBadRangeGives416() throws {
        let p = try plan("GET /pub/a.txt HTTP/1.1\r\nHost: x\r\nRange: bytes=2-4\r\n\r\n")
        #expect(p.head.status == .partialContent)
        #expect(header(p, "Content-Range") == "bytes 2-4/10")
        if case .bytes(let body) = p.body { #expect(body == Array("234".utf8)) } else { Issue.record("\(p.body)") }
        let bad = try plan("GET /pub/a.txt HTTP/1.1\r\nHost: x\r\nRange: bytes=50-\r\n\r\n")
        #expect(bad.head.status == .rangeNotSatisfiable)
        #expect(header(bad, "Content-Range") == "bytes */10")
    }

    @Test func matchingETagGives304() throws {
        let first = try plan("GET /pub/a.txt HTTP/1.1\r\nHost: x\r\n\r\n")
        let etag = try #require(first.head.etag).headerValue
        let p = try plan("GET /pub/a.txt HTTP/1.1\r\nHost: x\r\nIf-None-Match: \(etag)\r\n\r\n")
        #expect(p.head.status == .notModified)
    }

    @Test func protectedWithoutCredentialsIsChallenged() throws {
        let p = try plan("GET /team/doc.html HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(p.head.status == .unauthorized)
        #expect(header(p, "WWW-Authenticate") == "Basic realm=\"Team\", charset=\"UTF-8\"")
    }

    @Test func credentialsAreVerifiedOffTheLoopThenServed() async throws {
        let raw = "GET /team/doc.html HTTP/1.1\r\nHost: x\r\nAuthorization: \(basic("ann:annpw"))\r\n\r\n"
        guard case .verify(let pending) = try loop.reply(raw) else { Issue.record("expected verify"); return }
        #expect(pending.user == "ann")
        let p = try await loop.settledPlan(raw)
        #expect(p.head.status == .ok)
        #expect(p.user == "ann")
        #expect(p.header("Cache-Control") == "private, no-cache")
        p.discard()
    }

    @Test(arguments: ["BREW", "POST", "PATCH"])
    func unsupportedMethodsGet501WithAllow(method: String) throws {
        let p = try plan("\(method) /pub/a.txt HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(p.head.status == .notImplemented)
        #expect(header(p, "Allow") == "GET, HEAD, OPTIONS")
    }

    @Test(arguments: ["/pub/a.txt", "/team/doc.html", "*"])
    func optionsIs204WithAllowAndNoGate(target: String) throws {
        let p = try plan("OPTIONS \(target) HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(p.head.status == .noContent)
        #expect(header(p, "Allow") == "GET, HEAD, OPTIONS")
        #expect(header(p, "WWW-Authenticate") == nil)
        #expect(p.head.contentLength == nil)
    }

    @Test(arguments: ["PUT", "DELETE"])
    func publishingMethodsAre405UntilEnabled(method: String) throws {
        let p = try plan("\(method) /pub/a.txt HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n")
        #expect(p.head.status == .methodNotAllowed)
        #expect(header(p, "Allow") == "GET, HEAD, OPTIONS")
    }

    @Test func absoluteFormIsRefusedWithoutProxying() throws {
        #expect(try plan("GET http://example.org/ HTTP/1.1\r\nHost: example.org\r\n\r\n").head.status == .forbidden)
    }

    @Test(arguments: [("other.example", 400), ("example.org:8080", 400), ("EXAMPLE.org", 403), ("example.org:80", 403)])
    func absoluteFormWithAnotherHostIsABadRequest(host: String, status: Int) throws {
        let p = try plan("GET http://example.org/ HTTP/1.1\r\nHost: \(host)\r\n\r\n")
        #expect(p.head.status.code == status)
    }

    @Test func twoAuthorizationHeadersAreABadRequest() throws {
        let p = try plan("GET /team/doc.html HTTP/1.1\r\nHost: x\r\nAuthorization: \(basic("ann:annpw"))\r\nAuthorization: \(basic("bob:bobpw"))\r\n\r\n")
        #expect(p.head.status == .badRequest)
        #expect(p.close)
    }

    @Test(arguments: ["/../etc/passwd", "/%2e%2e/x", "/a%00b"])
    func badTargetsAre400(target: String) throws {
        #expect(try plan("GET \(target) HTTP/1.1\r\nHost: x\r\n\r\n").head.status == .badRequest)
    }

    @Test func directoryWithoutSlashRedirectsKeepingTheQuery() throws {
        let p = try plan("GET /pub?x=1 HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(p.head.status == .movedPermanently)
        #expect(header(p, "Location") == "/pub/?x=1")
    }

    @Test func listingEscapesNamesAndHidesDotfiles() throws {
        try tree.write("www/pub/<b>&x.txt", "x")
        try tree.write("www/pub/.hidden", "x")
        let p = try plan("GET /pub/ HTTP/1.1\r\nHost: x\r\n\r\n")
        guard case .bytes(let body) = p.body else { Issue.record("no body"); return }
        let html = String(decoding: body, as: UTF8.self)
        #expect(html.contains("&lt;b&gt;&amp;x.txt"))
        #expect(html.contains("href=\"%3Cb%3E%26x.txt\""))
        #expect(!html.contains(".hidden"))
    }

    @Test func http10KeepAliveIsEchoedAndWithoutItCloses() throws {
        let kept = try plan("GET /pub/a.txt HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
        #expect(kept.head.connection == .keepAlive)
        #expect(!kept.close)
        let closed = try plan("GET /pub/a.txt HTTP/1.0\r\n\r\n")
        #expect(closed.close)
    }

    @Test func brokenACLIsForbiddenAndExplainedInTheErrorLog() throws {
        let tree = try TempTree(conf: TempTree.defaultConf.replacingOccurrences(of: "Protect /team/* team", with: "DefProt /* team\nProtect /team/* team"),
                                files: ["www/pub/.www_acl": "not an acl line\n"])
        let p = try TestLoop(tree).plan("GET /pub/a.txt HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(p.head.status == .forbidden)
        #expect(p.errorNote?.contains(tree.root + "/www/pub/.www_acl:1: ") == true, "\(p.errorNote ?? "nil")")
    }

    @Test func smallFilesComeFromTheLoopCacheUntilTheFileChanges() throws {
        func body() throws -> String {
            let p = try plan("GET /pub/a.txt HTTP/1.1\r\nHost: x\r\n\r\n")
            guard case .bytes(let bytes) = p.body else { throw TestLoop.Unexpected(description: "\(p.body)") }
            return String(decoding: bytes, as: UTF8.self)
        }
        #expect(try body() == "0123456789")
        #expect(try body() == "0123456789")
        try tree.write("www/pub/a.txt", "abcdefghij")   // same size: only the stamp tells
        #expect(try body() == "abcdefghij")
    }
}
