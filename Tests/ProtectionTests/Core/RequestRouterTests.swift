import Testing
@testable import Protection

struct RequestRouterTests {
    func route(_ path: String, conf: String = "Pass /* /srv/www/*\n", files: [String: String] = [:], links: [String: String] = [:],
               credentials: String? = nil) throws -> RouteDecision {
        var fs = Fixture.fileSystem(conf: conf, extra: files)
        fs.links = links
        let snapshot = try Fixture.snapshot(fs)
        let router = RequestRouter(snapshot: snapshot, files: DirectGateFiles(fs), verifier: Fixture.verifier, fileSystem: fs)
        return router.route(method: "GET", path: path, client: Fixture.local, credentials: credentials)
    }

    @Test func servesWelcomeFileInPriorityOrder() throws {
        let d = try route("/d/", files: ["/srv/www/d/index.html": "i", "/srv/www/d/welcome.html": "w"])
        #expect(d.outcome == .serveFile(path: "/srv/www/d/welcome.html"))
    }

    @Test func directoryWithoutSlashRedirects() throws {
        #expect(try route("/d", files: ["/srv/www/d/index.html": "i"]).outcome == .redirectToSlash)
    }

    @Test(arguments: [("DirAccess On\n", true, true), ("DirAccess Off\n", true, false), ("DirAccess Selective\n", false, false), ("DirAccess Selective\n", true, true)])
    func directoryListingFollowsDirAccess(directive: String, browsable: Bool, listed: Bool) throws {
        var files = ["/srv/www/d/a.txt": "a"]
        if browsable { files["/srv/www/d/.www_browsable"] = "" }
        let d = try route("/d/", conf: directive + "Pass /* /srv/www/*\n", files: files)
        #expect(d.outcome == (listed ? .listDirectory(path: "/srv/www/d/") : .forbidden(.listingDenied)))
    }

    @Test(arguments: ["/d/.www_acl", "/d/.www_browsable", "/conf/passwd", "/conf/httpd.conf"])
    func protectionFilesAreNeverServed(path: String) throws {
        let d = try route(path, conf: "Protection p {\nServerId P\nPasswordFile passwd\n}\nDirAccess On\nPass /conf/* /srv/conf/*\nPass /* /srv/www/*\n",
                          files: ["/srv/www/d/.www_acl": "* : GET : Anybody\n", "/srv/www/d/.www_browsable": ""])
        #expect(d.outcome == .notFound)
    }

    @Test func symlinkOutOfTheTreeIsNotFound() throws {
        let d = try route("/escape/passwd", files: ["/etc/passwd": "root:x:0:0"], links: ["/srv/www/escape": "/etc"])
        #expect(d.outcome == .notFound, "\(d.trace.description)")
        let inside = try route("/alias/a.txt", files: ["/srv/www/real/a.txt": "a"], links: ["/srv/www/alias": "/srv/www/real"])
        #expect(inside.outcome == .serveFile(path: "/srv/www/alias/a.txt"))
    }

    @Test func unprotectedRequestNeverSeesAFile() throws {
        #expect(try route("/nope.html").outcome == .notFound)
        #expect(try route("/x", conf: "Pass /docs/* /srv/www/*\n").outcome == .forbidden(.byRule))
    }

    @Test func traceStartsWithTheRules() throws {
        let d = try route("/a.txt", files: ["/srv/www/a.txt": "a"])
        #expect(d.trace.first?.step == "rules")
        #expect(d.trace.first?.detail.contains("Pass") == true)
        #expect(d.trace.last?.step == "15")
    }

    @Test func withoutTracingTheOutcomeIsTheSameAndNoTextIsBuilt() throws {
        var fs = Fixture.fileSystem(conf: GateTests.conf, extra: ["/srv/www/m/doc.html": "m"])
        fs.links = [:]
        let snapshot = try Fixture.snapshot(fs)
        let router = RequestRouter(snapshot: snapshot, files: DirectGateFiles(fs), verifier: Fixture.verifier, fileSystem: fs)
        for credentials in [nil, Fixture.basic("ann:annpw"), Fixture.basic("carl:carlpw")] {
            let traced = router.route(method: "GET", path: "/m/doc.html", client: Fixture.local, credentials: credentials)
            let quiet = router.route(method: "GET", path: "/m/doc.html", client: Fixture.local, credentials: credentials, tracing: false)
            #expect(traced.outcome == quiet.outcome)
            #expect(traced.authenticatedUser == quiet.authenticatedUser)
            #expect(!traced.trace.isEmpty)
            #expect(quiet.trace.isEmpty)
        }
    }

    func routePut(_ path: String, method: String = "PUT", credentials: String? = nil, files: [String: String] = [:]) throws -> RouteDecision {
        let conf = "Protection w {\nServerId W\nPasswordFile passwd\nGroupFile group\nGetMask Anybody\nPutMask staff\nDeleteMask staff\n}\nProtect /* w\nPass /* /srv/www/*\n"
        let fs = Fixture.fileSystem(conf: conf, extra: files.merging(["/srv/www/d/a.txt": "a"]) { a, _ in a })
        let snapshot = try Fixture.snapshot(fs)
        let router = RequestRouter(snapshot: snapshot, files: DirectGateFiles(fs), verifier: Fixture.verifier, fileSystem: fs)
        return router.route(method: method, path: path, client: Fixture.local, credentials: credentials)
    }

    @Test func putActsOnTheTranslatedPathAndMayCreate() throws {
        #expect(try routePut("/d/new.txt", credentials: Fixture.basic("ann:annpw")).outcome == .modify(path: "/srv/www/d/new.txt", exists: false))
        #expect(try routePut("/d/a.txt", credentials: Fixture.basic("bob:bobpw")).outcome == .modify(path: "/srv/www/d/a.txt", exists: true))
        #expect(try routePut("/d/a.txt", credentials: Fixture.basic("carl:carlpw")).outcome == .challenge(realm: "W"))
        #expect(try routePut("/d/a.txt").outcome == .challenge(realm: "W"))
    }

    @Test func deleteOfAMissingDocumentIs404AfterTheGate() throws {
        #expect(try routePut("/d/none.txt", method: "DELETE").outcome == .challenge(realm: "W"))
        #expect(try routePut("/d/none.txt", method: "DELETE", credentials: Fixture.basic("ann:annpw")).outcome == .notFound)
    }

    @Test(arguments: ["/d/.www_acl", "/d/"])
    func putNeverWritesProtectionFilesOrDirectories(path: String) throws {
        let d = try routePut(path, credentials: Fixture.basic("ann:annpw"))
        guard case .forbidden = d.outcome else { Issue.record("\(d.outcome)"); return }
    }
}
