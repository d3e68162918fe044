import Foundation
import Testing

/// `AddHeader`, the `Cache-Control` of protected answers, `ErrorDocument`, and the types
/// `/etc/mime.types` gives.
struct ResponseHeaderTests {
    static func appending(_ lines: String) -> (TestSite) throws -> Void {
        { site in try site.write("protection/httpd.conf", site.read("protection/httpd.conf") + "\n" + lines + "\n") }
    }

    @Test func addHeader_appliesUnderItsTemplate_includingErrorsAnd304() async throws {
        try await withServer(prepare: Self.appending("""
            AddHeader /* X-Content-Type-Options: nosniff
            AddHeader /pub/* Access-Control-Allow-Origin: *
            """)) { server in
            let page = try server.get("/pub/readme.txt")
            #expect(page.header("X-Content-Type-Options") == "nosniff")
            #expect(page.header("Access-Control-Allow-Origin") == "*")
            let etag = try #require(page.header("ETag"))
            let notModified = try server.get("/pub/readme.txt", fields: ["If-None-Match: \(etag)"])
            #expect(notModified.status == 304)
            #expect(notModified.header("Access-Control-Allow-Origin") == "*", "\(notModified)")
            let missing = try server.get("/pub/absent.txt")
            #expect(missing.status == 404)
            #expect(missing.header("X-Content-Type-Options") == "nosniff", "\(missing)")
            #expect(missing.header("Access-Control-Allow-Origin") == "*")
            let elsewhere = try server.get("/")
            #expect(elsewhere.header("Access-Control-Allow-Origin") == nil, "\(elsewhere)")
        }
    }

    @Test func addHeader_appliesToRefusalsBeforeTheGate() async throws {
        try await withServer(prepare: Self.appending("AddHeader /* X-Content-Type-Options: nosniff\nRequireTLSForAuth On\nPlainAuthFrom None")) { server in
            let post = try server.get("/pub/readme.txt", method: "POST")
            #expect(post.status == 501)
            #expect(post.header("X-Content-Type-Options") == "nosniff", "\(post)")
            let delete = try server.get("/pub/readme.txt", method: "DELETE")
            #expect(delete.status == 405)
            #expect(delete.header("X-Content-Type-Options") == "nosniff", "\(delete)")
            let plainCredentials = try server.get("/team/", as: "ann")
            #expect(plainCredentials.status == 403)
            #expect(plainCredentials.header("X-Content-Type-Options") == "nosniff", "\(plainCredentials)")
        }
    }

    @Test func protectedAnswers_arePrivateNoCache_unlessAddHeaderSaysOtherwise() async throws {
        try await withServer(prepare: Self.appending("AddHeader /lab/* Cache-Control: no-store")) { server in
            let team = try server.get("/team/", as: "ann")
            #expect(team.header("Cache-Control") == "private, no-cache", "\(team)")
            let challenge = try server.get("/team/")
            #expect(challenge.status == 401)
            #expect(challenge.header("Cache-Control") == "private, no-cache", "\(challenge)")
            let etag = try #require(team.header("ETag"))
            let conditional = try server.get("/team/", as: "ann", fields: ["If-None-Match: \(etag)"])
            #expect(conditional.status == 304, "a conditional GET still gets 304 after the Gate ran")
            #expect(conditional.header("Cache-Control") == "private, no-cache")
            let lab = try server.get("/lab/", as: "ann")
            #expect(lab.header("Cache-Control") == "no-store", "\(lab)")
            let open = try server.get("/pub/readme.txt")
            #expect(open.header("Cache-Control") == nil, "\(open)")
        }
    }

    @Test func errorDocument_replacesThePageButNotTheStatusOrChallenge() async throws {
        try await withServer(prepare: { site in
            try site.write("protection/errors-401.html", "<h1>Please sign in</h1>\n")
            try site.write("protection/errors-404.html", "<h1>Nothing here</h1>\n")
            try Self.appending("ErrorDocument 401 errors-401.html\nErrorDocument 404 errors-404.html")(site)
        }) { server in
            let challenge = try server.get("/team/")
            #expect(challenge.status == 401)
            #expect(challenge.header("WWW-Authenticate") == "Basic realm=\"Gatehouse Team\", charset=\"UTF-8\"")
            #expect(challenge.bodyText == "<h1>Please sign in</h1>\n", "\(challenge)")
            #expect(challenge.header("Content-Type") == "text/html; charset=utf-8")
            let missing = try server.get("/nowhere.html")
            #expect(missing.status == 404)
            #expect(missing.bodyText == "<h1>Nothing here</h1>\n")
            let forbidden = try server.get("/docs/secret.html", as: "ann")
            #expect(forbidden.status == 403)
            #expect(forbidden.bodyText.contains("403 Forbidden"), "statuses without a document keep the built-in page")
        }
    }

    @Test(arguments: [("talk.vtt", "text/vtt"), ("event.ics", "text/calendar"), ("book.epub", "application/epub+zip"),
                      ("letter.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
                      ("site.webmanifest", "application/manifest+json")])
    func mediaTypes_followTheSystemTable(name: String, type: String) async throws {
        try await withServer(prepare: { site in try site.write("www/pub/\(name)", "x") }) { server in
            let response = try server.get("/pub/\(name)")
            #expect(response.status == 200)
            #expect(response.header("Content-Type")?.hasPrefix(type) == true, "\(response)")
        }
    }

    @Test func addTypeReload_isSeenAtOnceByEveryWorker() async throws {
        try await withServer(prepare: { site in try site.write("www/pub/data.gh", "x") }) { server in
            #expect(try server.get("/pub/data.gh").header("Content-Type") == "application/octet-stream")
            try server.site.write("protection/httpd.conf", server.site.read("protection/httpd.conf") + "\nAddType .gh text/x-gatehouse\n")
            #expect(try await server.eventually(within: 5) { try server.get("/pub/data.gh").header("Content-Type")?.hasPrefix("text/x-gatehouse") == true })
            // Every later answer, whichever worker serves it, has the new type.
            for _ in 0..<40 {
                let type = try server.get("/pub/data.gh").header("Content-Type")
                #expect(type?.hasPrefix("text/x-gatehouse") == true, "\(type ?? "nil")")
            }
        }
    }
}
