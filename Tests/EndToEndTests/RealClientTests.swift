import Foundation
import Testing

/// Real HTTP clients against the running server: curl, Python's urllib with its Basic auth
/// handler, and headless Chromium. Each test runs only when its program is installed (Debian
/// packages `curl`, `python3`, `chromium`).
struct RealClientTests {
    /// Text only the team page contains.
    static let teamContent = "You are reading the team area"

    @Test(.enabled(if: toolExists("curl")))
    func curl_withCredentials_gets200AndTheBody() async throws {
        try await withServer { server in
            let result = try ExternalTool.run("curl", ["-sS", "--max-time", "20", "-u", "ann:ann-secret", "-w", "\n%{http_code}",
                                                       "http://127.0.0.1:\(server.port)/team/"], scratch: server.site.root)
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout.hasSuffix("\n200"), "\(result.stdout)")
            #expect(result.stdout.contains(Self.teamContent), "\(result.stdout)")
        }
    }

    @Test(.enabled(if: toolExists("curl")))
    func curl_withoutCredentials_gets401AndTheChallenge() async throws {
        try await withServer { server in
            let result = try ExternalTool.run("curl", ["-sS", "--max-time", "20", "-i", "http://127.0.0.1:\(server.port)/team/"],
                                              scratch: server.site.root)
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout.hasPrefix("HTTP/1.1 401 "), "\(result.stdout)")
            #expect(result.stdout.contains("WWW-Authenticate: Basic realm=\"Gatehouse Team\", charset=\"UTF-8\"\r\n"), "\(result.stdout)")
            #expect(!result.stdout.contains(Self.teamContent))
        }
    }

    @Test(.enabled(if: toolExists("python3")))
    func pythonUrllib_withBasicAuthHandler_gets200() async throws {
        // urllib sends no credentials until challenged, then parses the realm: a real round trip.
        let script = """
            import sys, urllib.request
            url = sys.argv[1]
            manager = urllib.request.HTTPPasswordMgrWithDefaultRealm()
            manager.add_password(None, url, "ann", "ann-secret")
            opener = urllib.request.build_opener(urllib.request.HTTPBasicAuthHandler(manager))
            with opener.open(url, timeout=20) as response:
                sys.stdout.write("%d\\n" % response.status)
                sys.stdout.write(response.read().decode("utf-8"))
            """
        try await withServer { server in
            let result = try ExternalTool.run("python3", ["-c", script, "http://127.0.0.1:\(server.port)/team/"], scratch: server.site.root)
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout.hasPrefix("200\n"), "\(result.stdout)\(result.stderr)")
            #expect(result.stdout.contains(Self.teamContent), "\(result.stdout)")
        }
    }

    /// Headless Chromium's `--dump-dom` of `url` (own profile directory in the site).
    static func chromium(_ url: String, site: TestSite) throws -> ExternalTool.Result {
        try ExternalTool.run("chromium", ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                                          "--user-data-dir=\(site.path("chromium-profile"))", "--dump-dom", url], scratch: site.root)
    }

    @Test(.enabled(if: toolExists("chromium")))
    func chromium_withCredentialsInTheURL_showsTheTeamPage() async throws {
        try await withServer { server in
            let result = try Self.chromium("http://ann:ann-secret@127.0.0.1:\(server.port)/team/", site: server.site)
            #expect(result.status == 0, "\(result.stderr.suffix(2000))")
            #expect(result.stdout.contains("<h1>Team area</h1>"), "\(result.stdout)\(result.stderr.suffix(2000))")
            server.stop()
            #expect(server.site.read("access.log").contains("- ann ["), "\(server.site.read("access.log"))")
        }
    }

    @Test(.enabled(if: toolExists("chromium")))
    func chromium_withoutCredentials_neverShowsTheTeamPage() async throws {
        // Headless Chromium cannot show a login prompt: it cancels the challenge and either dumps
        // the 401 page or reports net::ERR_INVALID_AUTH_CREDENTIALS with an empty DOM.
        try await withServer { server in
            let result = try Self.chromium("http://127.0.0.1:\(server.port)/team/", site: server.site)
            #expect(!result.stdout.contains(Self.teamContent), "\(result.stdout)")
            #expect(result.stdout.contains("401") || result.stderr.contains("ERR_INVALID_AUTH_CREDENTIALS"),
                    "\(result.stdout)\(result.stderr.suffix(2000))")
            server.stop()
            #expect(server.site.read("access.log").contains("\"GET /team/ HTTP/1.1\" 401"), "\(server.site.read("access.log"))")
        }
    }
}
