import Testing

/// Every outcome of the Access Request Validation Procedure (gatehouse-semantics §6) over the
/// wire, on the sample tree and protection files, as a browser or client would see it.
struct ProcedureTests {
    /// One request and what the user must see.
    struct Case: Sendable, CustomTestStringConvertible {
        let path: String
        let user: String?
        let password: String?
        let status: Int
        /// The realm of the challenge, for a 401.
        let realm: String?
        /// Text the body must contain (the document, for a 200).
        let shows: String?
        /// Text the body must never contain (the protected document, for a refusal).
        let hides: String?

        var testDescription: String { "\(user.map { "\($0):\(password ?? "<name>-secret")" } ?? "anonymous") GET \(path) → \(status)" }

        init(_ path: String, as user: String? = nil, password: String? = nil, _ status: Int,
             realm: String? = nil, shows: String? = nil, hides: String? = nil) {
            self.path = path
            self.user = user
            self.password = password
            self.status = status
            self.realm = realm
            self.shows = shows
            self.hides = hides
        }
    }

    /// The realms of the three sample setups (their `ServerId`).
    static let team = "Gatehouse Team"
    static let docs = "Gatehouse Docs"
    static let lab = "Gatehouse Lab"

    /// Each outcome on the samples, per area and user.
    static let cases: [Case] = [
        // Unprotected: served to anyone; Authorization is ignored, even when wrong.
        Case("/", 200, shows: "Gatehouse sample site"),
        Case("/", as: "ann", password: "wrong", 200, shows: "Gatehouse sample site"),
        Case("/pub/readme.txt", 200, shows: "This directory is public"),
        // /team/: GetMask team (team: admins, bob).
        Case("/team/", 401, realm: team, hides: "Team area"),
        Case("/team/", as: "ann", password: "wrong-password", 401, realm: team, hides: "Team area"),
        Case("/team/", as: "nosuchuser", password: "whatever", 401, realm: team, hides: "Team area"),
        Case("/team/", as: "ann", 200, shows: "Team area"),
        Case("/team/", as: "bob", 200, shows: "Team area"),
        Case("/team/index.html", as: "bob", 200, shows: "Team area"),
        Case("/team/", as: "carl", 401, realm: team, hides: "Team area"),
        Case("/team/", as: "dave", 401, realm: team, hides: "Team area"),
        // Existence only after access: 401 first, 404 once let in (steps 13–14).
        Case("/team/missing.html", 401, realm: team),
        Case("/team/missing.html", as: "carl", 401, realm: team),
        Case("/team/missing.html", as: "ann", 404),
        // /docs/: the .www_acl decides file by file.
        Case("/docs/secret.html", 403, hides: "If you see this"),
        Case("/docs/secret.html", as: "ann", 403, hides: "If you see this"),
        Case("/docs/secret.html", as: "carl", 403, hides: "If you see this"),
        Case("/docs/guide.html", 401, realm: docs, hides: "User guide"),
        Case("/docs/guide.html", as: "ann", 200, shows: "User guide"),
        Case("/docs/guide.html", as: "bob", 200, shows: "User guide"),
        Case("/docs/guide.html", as: "carl", 200, shows: "User guide"),
        Case("/docs/guide.html", as: "dave", 200, shows: "User guide"),
        Case("/docs/guide.html", as: "dave", password: "bob-secret", 401, realm: docs, hides: "User guide"),
        Case("/docs/drafts-1.html", as: "carl", 200, shows: "Draft 1"),
        Case("/docs/drafts-1.html", as: "ann", 200, shows: "Draft 1"),
        Case("/docs/drafts-1.html", as: "bob", 401, realm: docs, hides: "Draft 1"),
        Case("/docs/", 401, realm: docs, hides: "Documentation"),
        Case("/docs/", as: "dave", 200, shows: "Documentation"),
        // /lab/: team@(127.0.0.1, [::1]); these tests come from 127.0.0.1.
        Case("/lab/", 401, realm: lab, hides: "<h1>Lab</h1>"),
        Case("/lab/", as: "bob", 200, shows: "<h1>Lab</h1>"),
        Case("/lab/", as: "ann", 200, shows: "<h1>Lab</h1>"),
        Case("/lab/", as: "carl", 401, realm: lab, hides: "<h1>Lab</h1>"),
    ]

    @Test(arguments: cases)
    func procedure_answersEachOutcomeOverTheWire(_ c: Case) async throws {
        try await withServer { server in
            let response = try server.get(c.path, as: c.user, password: c.password)
            #expect(response.status == c.status, "\(response)")
            if let realm = c.realm {
                // §6: every 401 carries the setup's realm and the UTF-8 charset parameter (RFC 7617).
                #expect(response.headers("WWW-Authenticate") == ["Basic realm=\"\(realm)\", charset=\"UTF-8\""], "\(response)")
            } else {
                #expect(response.header("WWW-Authenticate") == nil, "\(response)")
            }
            if let shows = c.shows { #expect(response.bodyText.contains(shows), "\(response)") }
            if let hides = c.hides { #expect(!response.bodyText.contains(hides), "\(response)") }
        }
    }

    @Test func procedure_servesTheExactFileBytes() async throws {
        try await withServer { server in
            let response = try server.get("/team/", as: "ann")
            let file = server.site.read("www/team/index.html")
            #expect(response.status == 200)
            #expect(response.bodyText == file)
            #expect(response.header("Content-Length") == String(file.utf8.count))
            #expect(response.header("Content-Type")?.hasPrefix("text/html") == true, "\(response)")
        }
    }

    @Test func directoryWithoutSlash_redirectsToTheSlashForAnAllowedUser() async throws {
        try await withServer { server in
            let response = try server.get("/docs", as: "ann")
            #expect(response.status == 301, "\(response)")
            #expect(response.header("Location") == "/docs/", "\(response)")
        }
    }

    @Test func credentialsForOneRealm_workAfterAChallengeOnTheSameConnection() async throws {
        // What a browser does: ask anonymously, get 401, repeat with credentials on the same connection.
        try await withServer { server in
            let connection = try server.connect()
            try connection.send("GET /team/ HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            let challenge = try connection.readResponse()
            #expect(challenge.status == 401, "\(challenge)")
            try connection.send("GET /team/ HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: \(TestServer.basic("ann", "ann-secret"))\r\n\r\n")
            let page = try connection.readResponse()
            #expect(page.status == 200, "\(page)")
            #expect(page.bodyText.contains("Team area"))
        }
    }
}
