import HTTPWire
import Protection
import Testing
@testable import ServerCore

/// The request logic without sockets: parsed heads in, response plans out.
struct RequestHandlerTests {
    let tree: TempTree
    let store: ProtectionStore

    init() throws {
        tree = try TempTree()
        store = try ProtectionStore(configPath: tree.config)
    }

    func handle(_ raw: String) throws -> RequestHandler.Outcome {
        let head = try RequestHead(parsing: Array(raw.utf8))
        return RequestHandler(state: store.state, date: "Mon, 23 Nov 2026 12:00:00 GMT")
            .handle(head, client: ClientAddress(parsing: "127.0.0.1")!)
    }

    func plan(_ raw: String) throws -> ResponsePlan {
        guard case .respond(let plan) = try handle(raw) else { throw Unexpected() }
        return plan
    }

    struct Unexpected: Error {}

    func header(_ plan: ResponsePlan, _ name: String) -> String? {
        plan.head.fields.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    @Test func servesAFileWithValidators() throws {
        let p = try plan("GET /pub/a.txt HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(p.head.status == .ok)
        #expect(p.head.contentLength == 10)
        #expect(p.head.etag != nil)
        #expect(p.head.contentType == "text/plain")
        guard case .file(let fd, 0, 10) = p.body else { Issue.record("\(p.body)"); return }
        fd.closeIgnoringErrors()
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
        if case .file(let fd, 2, 3) = p.body { fd.closeIgnoringErrors() } else { Issue.record("\(p.body)") }
        let bad = try plan("GET /pub/a.txt HTTP/1.1\r\nHost: x\r\nRange: bytes=50-\r\n\r\n")
        #expect(bad.head.status == .rangeNotSatisfiable)
        #expect(header(bad, "Content-Range") == "bytes */10")
    }

    @Test func matchingETagGives304() throws {
        let first = try plan("GET /pub/a.txt HTTP/1.1\r\nHost: x\r\n\r\n")
        if case .file(let fd, _, _) = first.body { fd.closeIgnoringErrors() }
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
        guard case .verify(let user, let password, let file) = try handle(raw) else { Issue.record("expected verify"); return }
        #expect(user == "ann")
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            store.verifier.verifyInBackground(user: user, password: password, file: file) { done.resume() }
        }
        let p = try plan(raw)
        #expect(p.head.status == .ok)
        #expect(p.user == "ann")
        if case .file(let fd, _, _) = p.body { fd.closeIgnoringErrors() }
    }

    @Test(arguments: ["BREW", "OPTIONS", "POST"])
    func unsupportedMethodsGet501WithAllow(method: String) throws {
        let p = try plan("\(method) /pub/a.txt HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(p.head.status == .notImplemented)
        #expect(header(p, "Allow") == "GET, HEAD")
    }

    @Test(arguments: ["PUT", "DELETE"])
    func publishingMethodsAre405UntilEnabled(method: String) throws {
        let p = try plan("\(method) /pub/a.txt HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n")
        #expect(p.head.status == .methodNotAllowed)
        #expect(header(p, "Allow") == "GET, HEAD")
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
        let store = try ProtectionStore(configPath: tree.config)
        let head = try RequestHead(parsing: Array("GET /pub/a.txt HTTP/1.1\r\nHost: x\r\n\r\n".utf8))
        guard case .respond(let p) = RequestHandler(state: store.state, date: "-").handle(head, client: ClientAddress(parsing: "127.0.0.1")!) else {
            Issue.record("no response"); return
        }
        #expect(p.head.status == .forbidden)
        #expect(p.errorNote?.contains(tree.root + "/www/pub/.www_acl:1: ") == true, "\(p.errorNote ?? "nil")")
    }

    @Test func smallFilesComeFromTheLoopCacheUntilTheFileChanges() throws {
        let cache = SmallFileCache()
        func body() throws -> String {
            let head = try RequestHead(parsing: Array("GET /pub/a.txt HTTP/1.1\r\nHost: x\r\n\r\n".utf8))
            var handler = RequestHandler(state: store.state, date: "-")
            handler.fileCache = cache
            guard case .respond(let p) = handler.handle(head, client: ClientAddress(parsing: "127.0.0.1")!) else { throw Unexpected() }
            guard case .bytes(let bytes) = p.body else { throw Unexpected() }
            return String(decoding: bytes, as: UTF8.self)
        }
        #expect(try body() == "0123456789")
        #expect(try body() == "0123456789")
        try tree.write("www/pub/a.txt", "abcdefghij")   // same size: only the stamp tells
        #expect(try body() == "abcdefghij")
    }
}
