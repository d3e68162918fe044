import HTTPWire
import Protection
import RequestPolicy
import Testing

/// Which methods the decider answers, and how it refuses the others (semantics §11, RFC 9110
/// §9.3.7, §15.5.6, §15.6.2): before any rule or credential is looked at.
struct MethodPolicyTests {
    @Test(arguments: ["GET", "HEAD"])
    func getAndHead_serveTheDocument(method: String) throws {
        let answer = try Site.hashing().decide(try Site.head(method, "/pub/a.txt"))
        #expect(answer.servedFile == "/srv/www/pub/a.txt")
        #expect(answer.status == .ok)
        #expect(answer.value("Allow") == nil)
    }

    @Test(arguments: [
        ("", "GET, HEAD, OPTIONS"),
        ("Enable PUT", "GET, HEAD, OPTIONS, PUT"),
        ("Enable DELETE", "GET, HEAD, OPTIONS, DELETE"),
        ("Enable PUT\nEnable DELETE", "GET, HEAD, OPTIONS, PUT, DELETE"),
        ("Enable PUT\nEnable DELETE\nDisable DELETE", "GET, HEAD, OPTIONS, PUT"),
        ("Enable POST", "GET, HEAD, OPTIONS"),
    ])
    func options_is204WithAllowListingWhatIsEnabled(directives: String, allow: String) throws {
        let answer = try Site.hashing(directives).decide(try Site.head("OPTIONS", "/pub/a.txt"))
        #expect(answer.pageStatus == .noContent)
        #expect(answer.value("Allow") == allow)
    }

    @Test(arguments: ["/team/", "/team/missing.html", "*"])
    func options_neverRunsTheGate(target: String) throws {
        // A CORS preflight carries no credentials; the answer says nothing about the document.
        let answer = try Site.deferring().decide(try Site.head("OPTIONS", target, ["Authorization: " + Site.basic("ann:annpw")]))
        #expect(answer.pageStatus == .noContent)
        #expect(answer.value("Allow") == "GET, HEAD, OPTIONS")
        #expect(answer.value("WWW-Authenticate") == nil)
        #expect(answer.decidingStep == nil)
        #expect(!answer.protected)
    }

    @Test(arguments: ["POST", "PATCH", "TRACE", "BREW", "PROPFIND"])
    func unimplementedMethods_are501WithAllow(method: String) throws {
        let answer = try Site.hashing("Enable PUT").decide(try Site.head(method, "/team/", ["Content-Length: 0"]))
        #expect(answer.status == .notImplemented)
        #expect(answer.value("Allow") == "GET, HEAD, OPTIONS, PUT")
        #expect(answer.value("WWW-Authenticate") == nil, "refused before the Gate")
    }

    @Test func post_is501EvenWithEnablePOST() throws {
        let answer = try Site.hashing("Enable POST").decide(try Site.head("POST", "/pub/a.txt", ["Content-Length: 0"]))
        #expect(answer.status == .notImplemented)
        #expect(answer.value("Allow") == "GET, HEAD, OPTIONS")
    }

    @Test(arguments: [
        ("", "PUT", "GET, HEAD, OPTIONS"),
        ("", "DELETE", "GET, HEAD, OPTIONS"),
        ("Enable PUT", "DELETE", "GET, HEAD, OPTIONS, PUT"),
        ("Enable DELETE", "PUT", "GET, HEAD, OPTIONS, DELETE"),
        ("Enable PUT\nDisable PUT", "PUT", "GET, HEAD, OPTIONS"),
    ])
    func disabledMethods_are405WithAllow(directives: String, method: String, allow: String) throws {
        let head = try Site.head(method, "/team/a.txt", ["Content-Length: 1", "Authorization: " + Site.basic("ann:annpw")])
        let answer = try Site.deferring(directives).decide(head)
        #expect(answer.status == .methodNotAllowed)
        #expect(answer.value("Allow") == allow)
        #expect(answer.pending == nil, "credentials are not looked at")
        #expect(answer.decidingStep == nil)
    }

    @Test func enabledPut_reachesTheRules_andAnUnprotectedWriteIs403() throws {
        // Semantics §11: on an unprotected path a write must be explicitly allowed.
        let answer = try Site.hashing("Enable PUT").decide(try Site.head("PUT", "/pub/new.txt", ["Content-Length: 1"]))
        #expect(answer.status == .forbidden)
        #expect(answer.value("Allow") == nil)
    }
}
