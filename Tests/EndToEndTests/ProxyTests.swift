import Foundation
import Glibc
import Testing

/// Proxy mode (reference §6 proxy mode, cern §9) against the real server and a small origin on
/// loopback: off by default, 407 challenges on `Proxy-Authorization`, forwarding with the
/// hop-by-hop fields removed, CONNECT tunnels, destination limits, and real proxy clients.
struct ProxyTests {
    /// A rule file enabling the proxy, protected by the `proxy` setup (`Mask team`: ann and bob).
    static func config(destinations: String? = "127.0.0.1", connectPorts: [UInt16] = [], mask: String = "team",
                       passHTTPS: Bool = true, extra: String = "") -> String {
        """
        Protection proxy {
            ServerId "Gatehouse Proxy"
            PasswordFile passwd
            GroupFile group
            Mask \(mask)
        }
        \(destinations.map { "ProxyDestinations \($0)" } ?? "")
        \(connectPorts.isEmpty ? "" : "ProxyConnectPorts " + connectPorts.map(String.init).joined(separator: " "))
        \(extra)
        Protect http:* proxy
        Protect https:* proxy
        Pass http:*
        \(passHTTPS ? "Pass https:*" : "")
        Pass /* ../www/*

        """
    }

    /// Runs `body` against a server using `config` (written over the sample rule file).
    static func withProxy(_ config: String, _ body: (TestServer) async throws -> Void) async throws {
        try await withServer(prepare: { site in try site.write("protection/httpd.conf", config) }, body)
    }

    /// An absolute-form request through the proxy, as `user` (password `<user>-secret` unless given).
    static func request(_ server: TestServer, _ url: String, method: String = "GET", version: String = "HTTP/1.1",
                        user: String? = "ann", password: String? = nil, fields: [String] = [], body: String = "",
                        close: Bool = true) -> String {
        let authority = URL(string: url).map { "\($0.host ?? "")" + ($0.port.map { ":\($0)" } ?? "") } ?? ""
        var text = "\(method) \(url) \(version)\r\nHost: \(authority)\r\n"
        if close { text += "Connection: close\r\n" }
        if let user { text += "Proxy-Authorization: \(TestServer.basic(user, password ?? "\(user)-secret"))\r\n" }
        for field in fields { text += field + "\r\n" }
        if !body.isEmpty { text += "Content-Length: \(body.utf8.count)\r\n" }
        return text + "\r\n" + body
    }

    static let challenge = "Basic realm=\"Gatehouse Proxy\", charset=\"UTF-8\""

    /// Runs the built `gatehouse` with `args` (output through files, bounded by the pipe-free wait).
    static func gatehouse(_ args: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try TestServer.executable(named: "gatehouse"))
        process.arguments = args
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self))
    }

    // MARK: - Enabling and protecting

    @Test func proxy_isOffWithoutPassHTTP_403AndNoConnection() async throws {
        let origin = try ProxyOrigin()
        defer { origin.stop() }
        try await withServer { server in
            let response = try server.exchange(Self.request(server, "http://127.0.0.1:\(origin.port)/hello"))
            #expect(response.status == 403, "\(response)")
            #expect(origin.requests.isEmpty)
        }
    }

    @Test func proxy_withoutCredentials_gets407WithTheChallenge() async throws {
        let origin = try ProxyOrigin()
        defer { origin.stop() }
        try await Self.withProxy(Self.config()) { server in
            let response = try server.exchange(Self.request(server, "http://127.0.0.1:\(origin.port)/hello", user: nil))
            #expect(response.status == 407, "\(response)")
            #expect(response.headers("Proxy-Authenticate") == [Self.challenge], "\(response)")
            #expect(response.header("WWW-Authenticate") == nil)
            #expect(origin.requests.isEmpty)
        }
    }

    @Test(arguments: [("ann", "wrong-password"), ("nobody", "nobody-secret")])
    func proxy_badCredentials_get407(user: String, password: String) async throws {
        let origin = try ProxyOrigin()
        defer { origin.stop() }
        try await Self.withProxy(Self.config()) { server in
            let response = try server.exchange(Self.request(server, "http://127.0.0.1:\(origin.port)/hello", user: user, password: password))
            #expect(response.status == 407, "\(response)")
            #expect(response.headers("Proxy-Authenticate") == [Self.challenge])
            #expect(origin.requests.isEmpty)
        }
    }

    @Test func proxy_credentialsInAuthorizationOnly_get407() async throws {
        // RFC 9110 §11.7.2: the proxy reads Proxy-Authorization; Authorization is the origin's.
        let origin = try ProxyOrigin()
        defer { origin.stop() }
        try await Self.withProxy(Self.config()) { server in
            let response = try server.exchange(Self.request(server, "http://127.0.0.1:\(origin.port)/hello", user: nil,
                                                            fields: ["Authorization: \(TestServer.basic("ann", "ann-secret"))"]))
            #expect(response.status == 407, "\(response)")
            #expect(origin.requests.isEmpty)
        }
    }

    @Test func proxy_validUserOutsideTheMaskGroup_gets407() async throws {
        // Reference §6 step 8: valid credentials that fail the mask get the challenge again
        // (401 for documents, 407 for the proxy), so another user can sign in.
        let origin = try ProxyOrigin()
        defer { origin.stop() }
        try await Self.withProxy(Self.config()) { server in
            let response = try server.exchange(Self.request(server, "http://127.0.0.1:\(origin.port)/hello", user: "carl"))
            #expect(response.status == 407, "\(response)")
            #expect(origin.requests.isEmpty)
            server.stop()
            #expect(server.site.read("access.log").contains("127.0.0.1 - carl ["), "\(server.site.read("access.log"))")
        }
    }

    @Test func proxy_addressOutsideTheMask_gets403() async throws {
        // The mask admits no item from 127.0.0.1: no credentials could help (CERN's 403 for proxies).
        let origin = try ProxyOrigin()
        defer { origin.stop() }
        try await Self.withProxy(Self.config(mask: "team@(10.*.*.*)")) { server in
            let response = try server.exchange(Self.request(server, "http://127.0.0.1:\(origin.port)/hello"))
            #expect(response.status == 403, "\(response)")
            #expect(origin.requests.isEmpty)
        }
    }

    @Test func proxy_narrowProtectTemplate_matchesTheCanonicalURL() async throws {
        // Host lower-cased, dot segments removed: /public/../secret/ is the protected /secret/.
        let origin = try ProxyOrigin()
        defer { origin.stop() }
        let config = """
            Protection proxy {
                ServerId "Gatehouse Proxy"
                PasswordFile passwd
                GroupFile group
                Mask team
            }
            ProxyDestinations 127.0.0.1
            Protect http://127.0.0.1:\(origin.port)/secret/* proxy
            Pass http:*
            Pass /* ../www/*

            """
        try await Self.withProxy(config) { server in
            let open = try server.exchange(Self.request(server, "http://127.0.0.1:\(origin.port)/hello", user: nil))
            #expect(open.status == 200, "\(open)")
            for path in ["/secret/x", "/public/../secret/x", "/%73ecret/x"] {
                let response = try server.exchange(Self.request(server, "http://127.0.0.1:\(origin.port)\(path)", user: nil))
                #expect(response.status == 407, "\(path): \(response)")
            }
        }
    }

    // MARK: - Forwarding

    @Test func proxy_rightCredentials_relayTheOriginsStatusHeadersAndBody() async throws {
        let origin = try ProxyOrigin()
        defer { origin.stop() }
        try await Self.withProxy(Self.config()) { server in
            let response = try server.exchange(Self.request(server, "http://127.0.0.1:\(origin.port)/hello"))
            #expect(response.status == 200, "\(response)")
            #expect(response.bodyText == ProxyOrigin.helloBody)
            #expect(response.header("X-Origin") == "hello")
            #expect(response.header("Content-Type") == "text/plain")
            #expect(response.header("Via") == "1.1 gatehouse")
            #expect(response.header("Connection") == "close")
            let missing = try server.exchange(Self.request(server, "http://127.0.0.1:\(origin.port)/nothing"))
            #expect(missing.status == 404, "\(missing)")
            #expect(missing.bodyText == "no such page\n")
        }
    }

    @Test func proxy_forwardsAuthorizationButNeverProxyAuthorization() async throws {
        let origin = try ProxyOrigin()
        defer { origin.stop() }
        try await Self.withProxy(Self.config()) { server in
            let originCredentials = TestServer.basic("origin-user", "origin-pass")
            let response = try server.exchange(Self.request(server, "http://127.0.0.1:\(origin.port)/auth",
                                                            fields: ["Authorization: \(originCredentials)", "Proxy-Connection: keep-alive",
                                                                     "Connection: close, X-Hop", "X-Hop: secret", "X-End: kept"]))
            #expect(response.status == 200, "\(response)")
            #expect(response.bodyText == "origin accepted \(originCredentials)\n")
            let seen = try #require(origin.requests.first)
            #expect(seen.requestLine == "GET /auth HTTP/1.1")
            #expect(seen.values("Authorization") == [originCredentials])
            #expect(seen.values("Proxy-Authorization").isEmpty)
            #expect(seen.values("Proxy-Connection").isEmpty)
            #expect(seen.values("X-Hop").isEmpty, "a field named in Connection is hop-by-hop")
            #expect(seen.values("X-End") == ["kept"])
            #expect(seen.values("Host") == ["127.0.0.1:\(origin.port)"])
            #expect(seen.values("Via") == ["1.1 gatehouse"])
            #expect(seen.values("Connection").isEmpty, "Basic origin credentials allow keeping the origin connection")
        }
    }

    @Test func proxy_reusesOriginConnectionsPerUserOnly() async throws {
        let origin = try ProxyOrigin()
        defer { origin.stop() }
        try await Self.withProxy(Self.config()) { server in
            for user in ["ann", "ann", "bob", "ann"] {
                let response = try server.exchange(Self.request(server, "http://127.0.0.1:\(origin.port)/hello", user: user))
                #expect(response.status == 200, "\(response)")
            }
            let connections = origin.requests.map(\.connection)
            #expect(connections.count == 4)
            #expect(connections[1] == connections[0], "ann's second request reuses her origin connection")
            #expect(connections[2] != connections[0], "bob never gets ann's connection")
            #expect(connections[3] == connections[0])
        }
    }

    @Test func proxy_connectionBoundOriginAuth_isNeverPooled() async throws {
        let origin = try ProxyOrigin()
        defer { origin.stop() }
        try await Self.withProxy(Self.config()) { server in
            for _ in 0..<2 {
                let response = try server.exchange(Self.request(server, "http://127.0.0.1:\(origin.port)/auth", fields: ["Authorization: NTLM TlRMTVNTUAAB"]))
                #expect(response.status == 200, "\(response)")
            }
            #expect(origin.requests.map { $0.values("Connection") } == [["close"], ["close"]])
            #expect(Set(origin.requests.map(\.connection)).count == 2)
        }
    }

    @Test func proxy_pooledConnectionClosedByTheOrigin_isRetriedOnANewOne() async throws {
        let origin = try ProxyOrigin(dropReused: true)
        defer { origin.stop() }
        try await Self.withProxy(Self.config()) { server in
            for _ in 0..<2 {
                let response = try server.exchange(Self.request(server, "http://127.0.0.1:\(origin.port)/hello"))
                #expect(response.status == 200, "\(response)")
                #expect(response.bodyText == ProxyOrigin.helloBody)
            }
            let connections = origin.requests.map(\.connection)
            #expect(connections.count == 3, "the second request reached the closing connection, then a new one")
            #expect(connections.count == 3 && connections[1] == connections[0] && connections[2] != connections[0])
        }
    }

    @Test func proxy_originsOwn401_reachesTheClientUnchanged() async throws {
        let origin = try ProxyOrigin()
        defer { origin.stop() }
        try await Self.withProxy(Self.config()) { server in
            let response = try server.exchange(Self.request(server, "http://127.0.0.1:\(origin.port)/auth"))
            #expect(response.status == 401, "\(response)")
            #expect(response.header("WWW-Authenticate") == "Basic realm=\"Origin Realm\"")
            #expect(response.header("Proxy-Authenticate") == nil)
            #expect(response.bodyText == "origin wants credentials\n")
        }
    }

    @Test func proxy_keepAlive_servesProxiedAndLocalRequestsOnOneConnection() async throws {
        let origin = try ProxyOrigin()
        defer { origin.stop() }
        try await Self.withProxy(Self.config()) { server in
            let connection = try server.connect()
            for _ in 0..<3 {
                try connection.send(Self.request(server, "http://127.0.0.1:\(origin.port)/hello", close: false))
                let response = try connection.readResponse()
                #expect(response.status == 200, "\(response)")
                #expect(response.bodyText == ProxyOrigin.helloBody)
                #expect(response.header("Connection") == nil)
            }
            try connection.send("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            let local = try connection.readResponse()
            #expect(local.status == 200, "\(local)")
            #expect(origin.requests.count == 3)
        }
    }

    @Test func proxy_pipelinedRequests_areAnsweredInOrder() async throws {
        let origin = try ProxyOrigin()
        defer { origin.stop() }
        try await Self.withProxy(Self.config()) { server in
            let connection = try server.connect()
            try connection.send(Self.request(server, "http://127.0.0.1:\(origin.port)/hello", close: false)
                                + Self.request(server, "http://127.0.0.1:\(origin.port)/nothing", close: false))
            #expect(try connection.readResponse().status == 200)
            #expect(try connection.readResponse().status == 404)
        }
    }

    @Test func proxy_requestBodyWithContentLength_streamsUp() async throws {
        // PUT reaches the proxy once enabled; the body is forwarded and echoed back by the origin.
        let origin = try ProxyOrigin()
        defer { origin.stop() }
        let body = String(repeating: "0123456789abcdef", count: 16 * 1024)
        try await Self.withProxy(Self.config(extra: "Enable PUT")) { server in
            let response = try server.exchange(Self.request(server, "http://127.0.0.1:\(origin.port)/echo", method: "PUT", body: body))
            #expect(response.status == 200, "\(response)")
            #expect(response.body.count == body.utf8.count)
            #expect(response.bodyText == body)
            #expect(origin.requests.first?.values("Content-Length") == [String(body.utf8.count)])
        }
    }

    @Test
    func proxy_postBody_streamsUp() async throws {
        let origin = try ProxyOrigin()
        defer { origin.stop() }
        try await Self.withProxy(Self.config()) { server in
            let response = try server.exchange(Self.request(server, "http://127.0.0.1:\(origin.port)/echo", method: "POST", body: "a=1&b=2"))
            #expect(response.status == 200, "\(response)")
            #expect(response.bodyText == "a=1&b=2")
        }
    }

    @Test func proxy_largeResponse_arrivesWhole() async throws {
        let origin = try ProxyOrigin()
        defer { origin.stop() }
        try await Self.withProxy(Self.config()) { server in
            let response = try server.exchange(Self.request(server, "http://127.0.0.1:\(origin.port)/big"))
            #expect(response.status == 200)
            #expect(response.body.count == ProxyOrigin.bigBytes)
            #expect(response.body == ProxyOrigin.bigBody)
        }
    }

    @Test func proxy_chunkedResponse_staysChunkedForHTTP11AndIsDecodedForHTTP10() async throws {
        let origin = try ProxyOrigin()
        defer { origin.stop() }
        try await Self.withProxy(Self.config()) { server in
            let chunked = try server.exchange(Self.request(server, "http://127.0.0.1:\(origin.port)/chunked"))
            #expect(chunked.status == 200, "\(chunked)")
            #expect(chunked.header("Transfer-Encoding") == "chunked")
            #expect(chunked.bodyText == "6\r\nhello \r\n8\r\nchunked \r\n5\r\nworld\r\n0\r\n\r\n")
            let old = try server.exchange(Self.request(server, "http://127.0.0.1:\(origin.port)/chunked", version: "HTTP/1.0", close: false))
            #expect(old.version == "HTTP/1.0")
            #expect(old.header("Transfer-Encoding") == nil)
            #expect(old.bodyText == "hello chunked world")
        }
    }

    @Test func proxy_closeDelimitedResponse_endsTheConnection() async throws {
        let origin = try ProxyOrigin()
        defer { origin.stop() }
        try await Self.withProxy(Self.config()) { server in
            let connection = try server.connect()
            try connection.send(Self.request(server, "http://127.0.0.1:\(origin.port)/close", close: false))
            let response = try connection.readResponse()
            #expect(response.bodyText == "body until the close")
            #expect(response.header("Connection") == "close")
            #expect(connection.peerClosed)
        }
    }

    @Test func proxy_headRequest_getsTheHeadOnly() async throws {
        let origin = try ProxyOrigin()
        defer { origin.stop() }
        try await Self.withProxy(Self.config()) { server in
            let connection = try server.connect()
            try connection.send(Self.request(server, "http://127.0.0.1:\(origin.port)/hello", method: "HEAD", close: false))
            let response = try connection.readResponse(toHead: true)
            #expect(response.status == 200)
            #expect(response.header("Content-Length") == String(ProxyOrigin.helloBody.utf8.count))
            // The connection stays usable: no stray body bytes precede the next response.
            try connection.send(Self.request(server, "http://127.0.0.1:\(origin.port)/hello"))
            #expect(try connection.readResponse().bodyText == ProxyOrigin.helloBody)
        }
    }

    // MARK: - Failures and destinations

    @Test func proxy_originDown_gets502AndAnErrorLogLine() async throws {
        let port = try ProxyOrigin.closedPort()
        try await Self.withProxy(Self.config()) { server in
            let response = try server.exchange(Self.request(server, "http://127.0.0.1:\(port)/hello"))
            #expect(response.status == 502, "\(response)")
            #expect(response.bodyText.contains("could not be reached"))
            server.stop()
            #expect(server.site.read("error.log").contains("proxy GET http://127.0.0.1:\(port)/hello"), "\(server.site.read("error.log"))")
        }
    }

    @Test(arguments: ["127.0.0.1", "localhost"])
    func proxy_loopbackWithoutProxyDestinations_isRefused(host: String) async throws {
        // Checked after resolution: a name that resolves to loopback is refused as well.
        let origin = try ProxyOrigin()
        defer { origin.stop() }
        try await Self.withProxy(Self.config(destinations: nil)) { server in
            let response = try server.exchange(Self.request(server, "http://\(host):\(origin.port)/hello"))
            #expect(response.status == 403, "\(response)")
            #expect(origin.requests.isEmpty)
        }
    }

    @Test func proxy_destinationOutsideProxyDestinations_isRefused() async throws {
        let origin = try ProxyOrigin()
        defer { origin.stop() }
        try await Self.withProxy(Self.config(destinations: "10.0.0.0/8")) { server in
            let response = try server.exchange(Self.request(server, "http://127.0.0.1:\(origin.port)/hello"))
            #expect(response.status == 403, "\(response)")
            #expect(origin.requests.isEmpty)
        }
    }

    @Test func proxy_accessLog_recordsTheFullURLTheProxyUserAndTheStatus() async throws {
        let origin = try ProxyOrigin()
        defer { origin.stop() }
        try await Self.withProxy(Self.config()) { server in
            _ = try server.exchange(Self.request(server, "http://127.0.0.1:\(origin.port)/hello"))
            _ = try server.exchange(Self.request(server, "http://127.0.0.1:\(origin.port)/hello", user: nil))
            server.stop()
            let log = server.site.read("access.log")
            let url = "http://127.0.0.1:\(origin.port)/hello"
            #expect(log.contains("127.0.0.1 - ann ["), "\(log)")
            #expect(log.contains("\"GET \(url) HTTP/1.1\" 200 \(ProxyOrigin.helloBody.utf8.count)"), "\(log)")
            #expect(log.contains("127.0.0.1 - - ["), "\(log)")
            #expect(log.contains("\"GET \(url) HTTP/1.1\" 407 "), "\(log)")
            #expect(!log.contains("ann-secret") && !log.contains(TestServer.basic("ann", "ann-secret")))
        }
    }

    // MARK: - CONNECT

    @Test func connect_tunnel_echoesBytesBothWaysThenCloses() async throws {
        let echo = try ProxyOrigin(echo: true)
        defer { echo.stop() }
        try await Self.withProxy(Self.config(connectPorts: [echo.port])) { server in
            let tunnel = try ProxyTunnelClient(port: server.port)
            try tunnel.send(Array("CONNECT 127.0.0.1:\(echo.port) HTTP/1.1\r\nHost: 127.0.0.1:\(echo.port)\r\nProxy-Authorization: \(TestServer.basic("ann", "ann-secret"))\r\n\r\n".utf8))
            let head = try tunnel.readHead()
            #expect(head.hasPrefix("HTTP/1.1 200 Connection established\r\n"), "\(head)")
            let payload = (0..<(256 * 1024)).map { UInt8(truncatingIfNeeded: $0 &* 7) }
            try tunnel.send(payload)
            #expect(try tunnel.read(count: payload.count) == payload)
            try tunnel.send(Array("ping".utf8))
            tunnel.shutdownWrite()
            // The end of stream travels through the tunnel; the echo server answers and closes.
            #expect(try tunnel.readToClose() == Array("ping".utf8))
            server.stop()
            let log = server.site.read("access.log")
            #expect(log.contains("- ann [") && log.contains("\"CONNECT 127.0.0.1:\(echo.port) HTTP/1.1\" 200 \(payload.count + 4)"), "\(log)")
        }
    }

    @Test func connect_withoutCredentials_gets407() async throws {
        let echo = try ProxyOrigin(echo: true)
        defer { echo.stop() }
        try await Self.withProxy(Self.config(connectPorts: [echo.port])) { server in
            let response = try server.exchange("CONNECT 127.0.0.1:\(echo.port) HTTP/1.1\r\nHost: 127.0.0.1:\(echo.port)\r\n\r\n")
            #expect(response.status == 407, "\(response)")
            #expect(response.headers("Proxy-Authenticate") == [Self.challenge])
        }
    }

    @Test(arguments: [(false, true), (true, false)])
    func connect_notEnabled_gets403(portListed: Bool, passHTTPS: Bool) async throws {
        let echo = try ProxyOrigin(echo: true)
        defer { echo.stop() }
        try await Self.withProxy(Self.config(connectPorts: portListed ? [echo.port] : [], passHTTPS: passHTTPS)) { server in
            let request = "CONNECT 127.0.0.1:\(echo.port) HTTP/1.1\r\nHost: 127.0.0.1:\(echo.port)\r\n"
                + "Proxy-Authorization: \(TestServer.basic("ann", "ann-secret"))\r\n\r\n"
            let response = try server.exchange(request)
            #expect(response.status == 403, "\(response)")
        }
    }

    @Test func connect_destinationDown_gets502() async throws {
        let port = try ProxyOrigin.closedPort()
        try await Self.withProxy(Self.config(connectPorts: [port])) { server in
            let request = "CONNECT 127.0.0.1:\(port) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\n"
                + "Proxy-Authorization: \(TestServer.basic("ann", "ann-secret"))\r\n\r\n"
            let response = try server.exchange(request)
            #expect(response.status == 502, "\(response)")
        }
    }

    // MARK: - explain

    @Test func explain_proxy_usesTheCanonicalURLAndTheProxyChallenge() async throws {
        let site = try TestSite.make()
        defer { site.remove() }
        try site.write("protection/httpd.conf", Self.config(extra: "Protect http://intranet.example/* proxy"))
        let result = try Self.gatehouse(["explain", "--config", site.ruleFile, "--proxy", "http://Intranet.Example:80/a/../b"])
        #expect(result.status == 1, "\(result.stderr)")
        #expect(result.stdout.contains("GET http://intranet.example/b from 127.0.0.1"), "\(result.stdout)")
        #expect(result.stdout.contains("HTTP/1.1 407 Proxy Authentication Required"), "\(result.stdout)")
        #expect(result.stdout.contains("Proxy-Authenticate: \(Self.challenge)"), "\(result.stdout)")
        let connect = try Self.gatehouse(["explain", "--config", site.ruleFile, "--proxy", "--method", "CONNECT",
                                          "--user", "ann", "--password", "ann-secret", "example.org:443"])
        #expect(connect.status == 0, "\(connect.stdout)\(connect.stderr)")
        #expect(connect.stdout.contains("CONNECT https://example.org:443"), "\(connect.stdout)")
    }

    // MARK: - Real clients

    @Test(.enabled(if: toolExists("curl")))
    func curl_throughTheProxy_withAndWithoutProxyUser() async throws {
        let origin = try ProxyOrigin()
        defer { origin.stop() }
        try await Self.withProxy(Self.config()) { server in
            let url = "http://127.0.0.1:\(origin.port)/hello"
            let proxy = "http://127.0.0.1:\(server.port)"
            let ok = try ExternalTool.run("curl", ["-sS", "--max-time", "20", "--noproxy", "", "-x", proxy, "--proxy-user", "ann:ann-secret",
                                                   "-w", "\n%{http_code}", url], scratch: server.site.root)
            #expect(ok.status == 0, "\(ok.stderr)")
            #expect(ok.stdout == ProxyOrigin.helloBody + "\n200", "\(ok.stdout)")
            let refused = try ExternalTool.run("curl", ["-sS", "--max-time", "20", "--noproxy", "", "-x", proxy, "-o", "/dev/null",
                                                        "-w", "%{http_code}", url], scratch: server.site.root)
            #expect(refused.stdout == "407", "\(refused.stdout)\(refused.stderr)")
        }
    }

    @Test(.enabled(if: toolExists("curl")))
    func curlTunnel_connectsThroughTheProxy() async throws {
        let origin = try ProxyOrigin()
        defer { origin.stop() }
        try await Self.withProxy(Self.config(connectPorts: [origin.port])) { server in
            let result = try ExternalTool.run("curl", ["-sS", "--max-time", "20", "--noproxy", "", "-p", "-x", "http://127.0.0.1:\(server.port)",
                                                       "--proxy-user", "ann:ann-secret", "-w", "\n%{http_code}",
                                                       "http://127.0.0.1:\(origin.port)/hello"], scratch: server.site.root)
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout == ProxyOrigin.helloBody + "\n200", "\(result.stdout)")
            #expect(origin.requests.first?.requestLine == "GET /hello HTTP/1.1")
        }
    }

    @Test(.enabled(if: toolExists("python3")))
    func pythonUrllib_withProxyBasicAuthHandler_gets200() async throws {
        // urllib sends no proxy credentials until it sees the 407, then answers the challenge.
        let script = """
            import os, sys, urllib.request
            for name in ("no_proxy", "NO_PROXY"):
                os.environ.pop(name, None)
            proxy, url = sys.argv[1], sys.argv[2]
            auth = urllib.request.ProxyBasicAuthHandler()
            auth.add_password("Gatehouse Proxy", proxy, "bob", "bob-secret")
            opener = urllib.request.build_opener(urllib.request.ProxyHandler({"http": proxy}), auth)
            with opener.open(url, timeout=20) as response:
                sys.stdout.write("%d\\n" % response.status)
                sys.stdout.write(response.read().decode("utf-8"))
            """
        let origin = try ProxyOrigin()
        defer { origin.stop() }
        try await Self.withProxy(Self.config()) { server in
            let result = try ExternalTool.run("python3", ["-c", script, "http://127.0.0.1:\(server.port)", "http://127.0.0.1:\(origin.port)/hello"],
                                              scratch: server.site.root)
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout == "200\n" + ProxyOrigin.helloBody, "\(result.stdout)\(result.stderr)")
            server.stop()
            #expect(server.site.read("access.log").contains("- bob ["), "\(server.site.read("access.log"))")
        }
    }
}
