import Foundation
import Glibc
import Testing

/// HTTPS through the real binary: a throw-away CA made with `openssl` at test time, and real
/// clients (curl, Python's ssl, `openssl s_client`, headless Chromium) on 127.0.0.1.
@Suite(.enabled(if: toolExists("openssl") && toolExists("curl")))
struct HTTPSTests {
    /// Text only the team page contains.
    static let teamContent = RealClientTests.teamContent

    static func curl(_ server: TestServer, _ arguments: [String]) throws -> ExternalTool.Result {
        try ExternalTool.run("curl", ["-sS", "--max-time", "20", "--cacert", server.site.caCertificate] + arguments, scratch: server.site.root)
    }

    static func https(_ server: TestServer, _ path: String) -> String {
        "https://localhost:\(server.tlsPort ?? 0)\(path)"
    }

    @Test func curl_getHeadRangeAndAuthentication() async throws {
        try await withServer(tls: true) { server in
            let get = try Self.curl(server, ["-w", "\n%{http_code} %{http_version}", Self.https(server, "/pub/readme.txt")])
            #expect(get.status == 0, "\(get.stderr)")
            #expect(get.stdout.hasSuffix("\n200 1.1"), "\(get.stdout)")
            let head = try Self.curl(server, ["-I", Self.https(server, "/pub/readme.txt")])
            #expect(head.stdout.hasPrefix("HTTP/1.1 200 OK"), "\(head.stdout)")
            let range = try Self.curl(server, ["-i", "-H", "Range: bytes=0-3", Self.https(server, "/pub/readme.txt")])
            #expect(range.stdout.hasPrefix("HTTP/1.1 206 Partial Content"), "\(range.stdout)")
            let challenged = try Self.curl(server, ["-i", Self.https(server, "/team/")])
            #expect(challenged.stdout.hasPrefix("HTTP/1.1 401 "), "\(challenged.stdout)")
            let allowed = try Self.curl(server, ["-u", "ann:ann-secret", "-w", "\n%{http_code}", Self.https(server, "/team/")])
            #expect(allowed.stdout.hasSuffix("\n200") && allowed.stdout.contains(Self.teamContent), "\(allowed.stdout)")
        }
    }

    @Test func curl_putOverTLS_replacesTheDraft() async throws {
        try await withServer(tls: true) { server in
            let draft = server.site.path("draft.html")
            try Data("<h1>New draft</h1>\n".utf8).write(to: URL(fileURLWithPath: draft))
            let put = try Self.curl(server, ["-T", draft, "-u", "carl:carl-secret", "-w", "%{http_code}", Self.https(server, "/docs/drafts-1.html")])
            #expect(put.stdout == "204", "\(put.stdout)\(put.stderr)")
            #expect(server.site.read("www/docs/drafts-1.html") == "<h1>New draft</h1>\n")
        }
    }

    @Test func hsts_isSentOverTLSOnly() async throws {
        try await withServer(prepare: { site in
            try site.write("protection/httpd.conf", site.read("protection/httpd.conf") + "StrictTransportSecurity max-age=31536000; includeSubDomains\n")
        }, tls: true) { server in
            let secure = try Self.curl(server, ["-I", Self.https(server, "/")])
            #expect(secure.stdout.contains("Strict-Transport-Security: max-age=31536000; includeSubDomains\r\n"), "\(secure.stdout)")
            let plain = try server.get("/")
            #expect(plain.status == 200)
            #expect(plain.header("Strict-Transport-Security") == nil, "\(plain)")
        }
    }

    @Test func redirectToTLS_sendsPlainRequestsToTheSameTargetOverHTTPS() async throws {
        try await withServer(prepare: { site in
            try site.write("protection/httpd.conf", site.read("protection/httpd.conf") + "RedirectToTLS On\n")
        }, tls: true) { server in
            let response = try server.exchange("GET /pub/?x=1&y=%41 HTTP/1.1\r\nHost: 127.0.0.1:\(server.port)\r\n"
                                               + "Authorization: \(TestServer.basic("ann", "ann-secret"))\r\nConnection: close\r\n\r\n")
            #expect(response.status == 308, "\(response)")
            #expect(response.header("Location") == "https://127.0.0.1:\(server.tlsPort ?? 0)/pub/?x=1&y=%41", "\(response)")
            server.stop()
            // The credentials were never checked: no user in the log line.
            #expect(server.site.read("access.log").contains("- - [") , "\(server.site.read("access.log"))")
        }
    }

    @Test func redirectToTLS_withoutAHost_namesHostName() async throws {
        try await withServer(prepare: { site in
            try site.write("protection/httpd.conf", site.read("protection/httpd.conf") + "RedirectToTLS On\nHostName www.example.org\n")
        }, tls: true) { server in
            let response = try server.exchange("GET /pub/ HTTP/1.0\r\n\r\n")
            #expect(response.status == 308, "\(response)")
            #expect(response.header("Location") == "https://www.example.org:\(server.tlsPort ?? 0)/pub/", "\(response)")
        }
    }

    @Test func requireTLSForAuth_refusesPlainCredentialsUnlessFromPlainAuthFrom() async throws {
        // The default PlainAuthFrom is this machine: plain credentials from 127.0.0.1 work.
        try await withServer(tls: true) { server in
            let plain = try server.get("/team/", as: "ann")
            #expect(plain.status == 200, "\(plain)")
        }
        try await withServer(prepare: { site in
            try site.write("protection/httpd.conf", site.read("protection/httpd.conf") + "PlainAuthFrom None\n")
        }, tls: true) { server in
            let refused = try server.get("/team/", as: "ann")
            #expect(refused.status == 403, "\(refused)")
            let open = try server.get("/pub/")
            #expect(open.status == 200)
            let secure = try Self.curl(server, ["-u", "ann:ann-secret", "-o", "/dev/null", "-w", "%{http_code}", Self.https(server, "/team/")])
            #expect(secure.stdout == "200", "\(secure.stdout)\(secure.stderr)")
            server.stop()
            #expect(!server.site.read("access.log").contains(" ann [") || server.site.read("access.log").components(separatedBy: " ann [").count == 2,
                    "only the HTTPS request names ann: \(server.site.read("access.log"))")
        }
    }

    @Test func plainHTTPToTheTLSPort_gets400InClear() async throws {
        try await withServer(tls: true) { server in
            let connection = try RawConnection(port: try #require(server.tlsPort))
            try connection.send("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n")
            let response = try connection.readResponse()
            #expect(response.status == 400, "\(response)")
            #expect(response.bodyText.contains("The plain HTTP request was sent to HTTPS port"), "\(response)")
            let after = try server.get("/")
            #expect(after.status == 200, "the server still answers")
        }
    }

    @Test(.enabled(if: toolExists("openssl")))
    func opensslClient_tls13AndALPNWork_tls11IsRefused() async throws {
        try await withServer(tls: true) { server in
            let port = String(try #require(server.tlsPort))
            let modern = try ExternalTool.run("sh", ["-c", "echo | openssl s_client -connect 127.0.0.1:\(port) -servername localhost -tls1_3 -alpn http/1.1 -CAfile \(server.site.caCertificate)"],
                                              scratch: server.site.root)
            #expect(modern.stdout.contains("ALPN protocol: http/1.1"), "\(modern.stdout)")
            #expect(modern.stdout.contains("TLSv1.3"), "\(modern.stdout)")
            #expect(modern.stdout.contains("Verify return code: 0 (ok)"), "\(modern.stdout)")
            let old = try ExternalTool.run("sh", ["-c", "echo | openssl s_client -connect 127.0.0.1:\(port) -tls1_1"], scratch: server.site.root)
            #expect(old.status != 0, "\(old.stdout)")
            #expect(old.stdout.contains("Cipher is (NONE)") || old.stderr.contains("alert"), "\(old.stdout)\(old.stderr)")
        }
    }

    /// RFC 8446 §C.4: a client uses each TLS 1.3 ticket once, as browsers do. `s_client` writes
    /// `-sess_out` only when a NewSessionTicket arrives, so each link of the chain offers exactly
    /// the ticket the previous connection received; a resumed connection that got no ticket
    /// leaves no file and the next one has nothing to offer.
    @Test(.enabled(if: toolExists("openssl")))
    func opensslClient_chainOfOneUseTLS13Tickets_resumesEveryConnection() async throws {
        try await withServer(tls: true) { server in
            let port = String(try #require(server.tlsPort))
            let request = #"GET /pub/readme.txt HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"#
            var offered: String?
            for link in 0...3 {
                let saved = server.site.path("tls/session-\(link).pem")
                let resume = offered.map { " -sess_in \($0)" } ?? ""
                let command = "printf '\(request)' | openssl s_client -connect 127.0.0.1:\(port) -servername localhost -tls1_3 -ign_eof"
                    + " -CAfile \(server.site.caCertificate) -sess_out \(saved)\(resume)"
                let result = try ExternalTool.run("sh", ["-c", command], scratch: server.site.root)
                let expected = link == 0 ? "New, TLSv1.3" : "Reused, TLSv1.3"
                #expect(result.stdout.contains(expected), "connection \(link): \(result.stdout.prefix(600))\(result.stderr.prefix(600))")
                #expect(result.stdout.contains("HTTP/1.1 200 OK"), "connection \(link) got no page")
                guard FileManager.default.fileExists(atPath: saved) else {
                    Issue.record("connection \(link) received no session ticket, so connection \(link + 1) has none to offer")
                    return
                }
                offered = saved
            }
        }
    }

    @Test(.enabled(if: toolExists("python3")))
    func pythonSSL_withTheCA_gets200() async throws {
        let script = """
            import ssl, sys, urllib.request
            context = ssl.create_default_context(cafile=sys.argv[2])
            manager = urllib.request.HTTPPasswordMgrWithDefaultRealm()
            manager.add_password(None, sys.argv[1], "ann", "ann-secret")
            opener = urllib.request.build_opener(urllib.request.HTTPSHandler(context=context), urllib.request.HTTPBasicAuthHandler(manager))
            with opener.open(sys.argv[1], timeout=20) as response:
                sys.stdout.write("%d\\n" % response.status)
                sys.stdout.write(response.read().decode("utf-8"))
            """
        try await withServer(tls: true) { server in
            let result = try ExternalTool.run("python3", ["-c", script, Self.https(server, "/team/"), server.site.caCertificate], scratch: server.site.root)
            #expect(result.stdout.hasPrefix("200\n") && result.stdout.contains(Self.teamContent), "\(result.stdout)\(result.stderr)")
        }
    }

    @Test(.enabled(if: toolExists("chromium")))
    func chromium_overHTTPS_showsTheTeamPage() async throws {
        try await withServer(tls: true) { server in
            let result = try ExternalTool.run("chromium", ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--ignore-certificate-errors",
                                                           "--user-data-dir=\(server.site.path("chromium-profile"))", "--dump-dom",
                                                           "https://ann:ann-secret@127.0.0.1:\(server.tlsPort ?? 0)/team/"], scratch: server.site.root)
            #expect(result.stdout.contains("<h1>Team area</h1>"), "\(result.stdout)\(result.stderr.suffix(2000))")
        }
    }

    /// The subject of the certificate the server presents now.
    static func presentedSubject(_ server: TestServer) throws -> String {
        let result = try ExternalTool.run("sh", ["-c", "echo | openssl s_client -connect 127.0.0.1:\(server.tlsPort ?? 0) -servername localhost 2>/dev/null | openssl x509 -noout -subject"],
                                          scratch: server.site.root)
        return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test func certificateSwap_isSeenByTheNextHandshake_andABadPairKeepsTheOld() async throws {
        try await withServer(tls: true) { server in
            #expect(try Self.presentedSubject(server).hasSuffix("CN = localhost"))
            try server.site.makeTLSCertificates(commonName: "renewed.localhost", prefix: "renewed", addToRuleFile: false)
            for name in ["pem", "key"] {
                try FileManager.default.removeItem(atPath: server.site.path("tls/server.\(name)"))
                try FileManager.default.copyItem(atPath: server.site.path("tls/renewed.\(name)"), toPath: server.site.path("tls/server.\(name)"))
            }
            try server.site.giveToServedUser()
            server.send(signal: SIGHUP)
            #expect(try await server.eventually(within: 5) { try Self.presentedSubject(server).hasSuffix("CN = renewed.localhost") })
            try server.site.write("tls/server.pem", "not a certificate\n")
            server.send(signal: SIGHUP)
            #expect(try await server.eventually(within: 5) { server.site.read("error.log").contains("TLS certificate reload failed") },
                    "\(server.site.read("error.log"))")
            #expect(server.site.read("error.log").contains(server.site.path("tls/server.pem")), "\(server.site.read("error.log"))")
            #expect(try Self.presentedSubject(server).hasSuffix("CN = renewed.localhost"), "the good pair stays in force")
            let get = try Self.curl(server, ["-o", "/dev/null", "-w", "%{http_code}", Self.https(server, "/")])
            #expect(get.stdout == "200", "\(get.stdout)\(get.stderr)")
        }
    }

    @Test func handshakeThatStalls_isClosedAfterHeadTimeout() async throws {
        try await withServer(prepare: { site in
            try site.write("protection/httpd.conf", site.read("protection/httpd.conf") + "HeadTimeout 1\n")
        }, tls: true) { server in
            let stalled = try RawConnection(port: try #require(server.tlsPort))
            // Half a ClientHello record header, then nothing.
            try stalled.send("\u{16}\u{03}")
            // Reading to the close is bounded (10 s): a server that kept the stalled handshake open fails.
            _ = try stalled.readToClose()
            #expect(stalled.peerClosed)
        }
    }
}
