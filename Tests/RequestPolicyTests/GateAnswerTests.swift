import HTTPWire
import Protection
import RequestPolicy
import Testing

/// The Gate's outcomes as the client sees them through the decider: status, challenge, the
/// deciding step and the authenticated user (semantics §2.3, §8, the reference's §6).
struct GateAnswerTests {
    static let teamChallenge = "Basic realm=\"Team Realm\", charset=\"UTF-8\""

    struct Case: Sendable, CustomTestStringConvertible {
        let target: String
        let credentials: String?
        let from: ClientAddress
        let status: HTTPStatus
        let step: String?
        let user: String?
        let challenged: Bool
        var testDescription: String { "\(target) as \(credentials ?? "anonymous") from \(from)" }

        init(_ target: String, as credentials: String? = nil, from: ClientAddress = Site.local, _ status: HTTPStatus, step: String?,
             user: String? = nil) {
            self.target = target
            self.credentials = credentials
            self.from = from
            self.status = status
            self.step = step
            self.user = user
            self.challenged = status == .unauthorized
        }
    }

    @Test(arguments: [
        Case("/pub/a.txt", .ok, step: "15"),
        Case("/pub/missing.txt", .notFound, step: "13–14"),
        Case("/team/", .unauthorized, step: "8"),
        Case("/team/missing.html", .unauthorized, step: "8"),         // existence is not revealed before access
        Case("/team/", as: "ann:annpw", .ok, step: "15", user: "ann"),
        Case("/team/missing.html", as: "ann:annpw", .notFound, step: "13–14", user: "ann"),
        Case("/team/", as: "ann:wrong", .unauthorized, step: "6–7"),
        Case("/team/", as: "zed:zedpw", .unauthorized, step: "6–7"),
        Case("/team/", as: "carl:carlpw", .unauthorized, step: "8", user: "carl"),  // valid user outside the mask
        Case("/office/", as: "ann:annpw", from: ClientAddress(parsing: "203.0.113.9")!, .ok, step: "15", user: "ann"),
        Case("/office/", as: "ann:annpw", .forbidden, step: "8", user: "ann"),  // no item admits the address
        Case("/office/", .forbidden, step: "8"),
        Case("/lobby/", from: ClientAddress(parsing: "203.0.113.9")!, .ok, step: "15"),
        Case("/private/x.html", as: "ann:annpw", .forbidden, step: "rules"),  // Fail
        Case("/elsewhere.html", .forbidden, step: "rules"),             // no Pass matched
    ])
    func gateOutcome_givesTheStatusTheSemanticsSay(_ c: Case) throws {
        let head = try c.credentials.map { try Site.head(c.target, as: $0) } ?? Site.head("GET", c.target)
        let answer = try Site.hashing().decide(head, from: c.from)
        #expect(answer.status == c.status)
        #expect(answer.decidingStep == c.step)
        #expect(answer.user == c.user)
        #expect(answer.value("WWW-Authenticate") == (c.challenged ? Self.teamChallenge : nil))
        #expect(answer.client == c.from)
        if c.status == .ok { #expect(answer.servedFile != nil) }
    }

    @Test func malformedCredentials_areChallengedAtOnce_evenWhereAnonymousWouldBeLetIn() throws {
        // Semantics §8.2: bad credentials are refused, never downgraded to anonymous.
        let from = ClientAddress(parsing: "203.0.113.9")!
        #expect(try Site.hashing().decide(try Site.head("GET", "/lobby/"), from: from).status == .ok)
        let answer = try Site.hashing().decide(try Site.head("GET", "/lobby/", ["Authorization: Basic !!!"]), from: from)
        #expect(answer.status == .unauthorized)
        #expect(answer.value("WWW-Authenticate") == "Basic realm=\"Lobby\", charset=\"UTF-8\"")
        #expect(answer.decidingStep == "3")
    }

    @Test func unprotectedPath_ignoresCredentials() throws {
        let answer = try Site.deferring().decide(try Site.head("GET", "/pub/a.txt", ["Authorization: Basic !!!"]))
        #expect(answer.servedFile == "/srv/www/pub/a.txt")
        #expect(answer.user == nil)
        #expect(!answer.protected)
    }

    @Test(arguments: ["GET", "HEAD"])
    func protectedPath_isChallengedForGetAndHead(method: String) throws {
        let answer = try Site.hashing().decide(try Site.head(method, "/team/"))
        #expect(answer.status == .unauthorized)
        #expect(answer.value("WWW-Authenticate") == Self.teamChallenge)
        #expect(answer.protected)
    }

    @Test func validUserNotYetVerified_isAskedToBeHashed() throws {
        let answer = try Site.deferring().decide(try Site.head("/team/", as: "ann:annpw"))
        let pending = try #require(answer.pending)
        #expect(pending.user == "ann")
        #expect(pending.password == Array("annpw".utf8))
        #expect(pending.file.path == "/srv/conf/passwd")
        #expect(pending.client == Site.local)
    }

    @Test func resume_withAValidCheck_servesTheDocument() throws {
        let decider = try Site.deferring()
        let pending = try #require(decider.decide(try Site.head("/team/", as: "ann:annpw")).pending)
        let answer = try #require(decider.resume(pending, check: .valid, throttle: NoLoginThrottle()))
        #expect(answer.servedFile == "/srv/www/team/index.html")
        #expect(answer.user == "ann")
        #expect(answer.decidingStep == "15")
        #expect(answer.value("Cache-Control") == "private, no-cache")
    }

    @Test func resume_withAnInvalidCheck_isChallenged() throws {
        let decider = try Site.deferring()
        let pending = try #require(decider.decide(try Site.head("/team/", as: "ann:nope")).pending)
        let answer = try #require(decider.resume(pending, check: .invalid(reason: "wrong password"), throttle: NoLoginThrottle()))
        #expect(answer.status == .unauthorized)
        #expect(answer.value("WWW-Authenticate") == Self.teamChallenge)
        #expect(answer.user == nil)
        #expect(answer.decidingStep == "6–7")
    }

    @Test func resume_ofAValidUserOutsideTheMask_isChallenged() throws {
        let decider = try Site.deferring()
        let pending = try #require(decider.decide(try Site.head("/team/", as: "carl:carlpw")).pending)
        let answer = try #require(decider.resume(pending, check: .valid, throttle: NoLoginThrottle()))
        #expect(answer.status == .unauthorized)
        #expect(answer.user == "carl")
        #expect(answer.decidingStep == "8")
    }

    @Test func resume_underAReloadedConfiguration_asksToDecideAgain() throws {
        // The first configuration stays alive, as it does in the server while the reload loads.
        let first = try Site.deferring()
        let pending = try #require(first.decide(try Site.head("/team/", as: "ann:annpw")).pending)
        let reloaded = try Site.deferring()
        #expect(reloaded.resume(pending, check: .valid, throttle: NoLoginThrottle()) == nil)
        #expect(first.resume(pending, check: .valid, throttle: NoLoginThrottle())?.servedFile == "/srv/www/team/index.html")
    }

    /// The configuration a request was routed under is held by the pending request: once its
    /// decider is gone, later configurations (which may be allocated where it was) never resume it.
    @Test func resume_afterTheFirstConfigurationIsGone_neverAcceptsALaterOne() throws {
        let pending = try #require(try Site.deferring().decide(try Site.head("/team/", as: "ann:annpw")).pending)
        for _ in 0..<50 {
            let later = try Site.deferring(conf: "Pass /* /srv/www/*\n")
            #expect(later.resume(pending, check: .valid, throttle: NoLoginThrottle()) == nil)
        }
    }

    @Test(arguments: [
        ("/pub/../team/", HTTPStatus.unauthorized),           // dot segments removed before the rules
        ("/pub/%2e%2e/team/", .unauthorized),
        ("/pub/./a.txt", .ok),
        ("/pub/sub/../a.txt", .ok),
        ("/pub/..%2F..%2Fteam/index.html", .notFound),     // %2F stays inside its segment
        ("/pub/acl/.www_acl", .notFound),                  // never served, not even checked (it would be 403 here)
        ("/pub/acl/../a.txt", .ok),
        ("/pub/acl/b.txt", .forbidden),                    // the ACL turns protection on; no DefProt
    ])
    func traversal_isNormalisedBeforeTheRules(target: String, status: HTTPStatus) throws {
        let answer = try Site.hashing(extra: ["/srv/www/pub/acl/.www_acl": "* : GET : Anybody\n", "/srv/www/pub/acl/b.txt": "b"]).decide(try Site.head("GET", target))
        #expect(answer.status == status)
        #expect(answer.close == false)
    }

    @Test(arguments: ["/../srv/conf/passwd", "/pub/../../srv/conf/passwd", "/pub/%2e%2e/%2e%2e/x", "/pub/%00", "/pub/%zz", "/pub/%ff"])
    func traversal_aboveTheRootOrABadEscape_is400AndCloses(target: String) throws {
        let answer = try Site.hashing().decide(try Site.head("GET", target))
        #expect(answer.status == .badRequest)
        #expect(answer.close)
        #expect(answer.decidingStep == nil, "never reaches the rules")
    }

    @Test func directoryWithoutSlash_redirectsKeepingTheQuery() throws {
        let answer = try Site.hashing().decide(try Site.head("GET", "/pub/sub?x=1"))
        #expect(answer.status == .movedPermanently)
        #expect(answer.value("Location") == "/pub/sub/?x=1")
    }

    @Test func protectedDirectoryWithoutSlash_isChallengedNotRedirected() throws {
        // Semantics §7.3: the redirect never reveals that a protected directory exists.
        let answer = try Site.hashing().decide(try Site.head("GET", "/team"))
        #expect(answer.status == .unauthorized)
        #expect(answer.value("Location") == nil)
    }

    @Test(arguments: [
        ("/old/a.html", HTTPStatus.found, "http://new.example/a.html"),
        ("/old/a.html?x=1", .found, "http://new.example/a.html?x=1"),   // the query is appended
        ("/gone/b", .movedPermanently, "http://moved.example/b"),
    ])
    func redirectRules_answerWithLocation(target: String, status: HTTPStatus, location: String) throws {
        let answer = try Site.deferring().decide(try Site.head(target, as: "ann:annpw"))
        #expect(answer.status == status)
        #expect(answer.value("Location") == location)
        #expect(answer.pending == nil, "answered from the rules alone")
    }

    @Test func twoAuthorizationHeaders_are400AndClose_evenOnAnUnprotectedPath() throws {
        let head = try Site.head("GET", "/pub/a.txt", ["Authorization: " + Site.basic("ann:annpw"), "Authorization: " + Site.basic("bob:bobpw")])
        let answer = try Site.hashing().decide(head)
        #expect(answer.status == .badRequest)
        #expect(answer.close)
    }

    @Test func simpleRequest_forAProtectedPath_isChallengedAndCloses() throws {
        // HTTP/0.9 has no headers, so it can never send credentials.
        let head = try RequestHead(parsing: Array("GET /team/\r\n".utf8))
        let answer = try Site.hashing().decide(head)
        #expect(answer.status == .unauthorized)
        #expect(answer.close)
    }
}
