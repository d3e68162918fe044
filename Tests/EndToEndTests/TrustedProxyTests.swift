import Foundation
import Testing

/// Clients behind proxies: `TrustedProxy` with `X-Forwarded-For` / `Forwarded`, and the PROXY
/// protocol (v1 text, v2 binary) on listeners marked `,proxy-protocol`. The sample `/lab/` is
/// re-protected with `GetMask team@10.*.*.*`, so only a client address in 10/8 gets in.
struct TrustedProxyTests {
    /// The samples with `/lab/` for team members at 10.x.y.z, and `extra` lines.
    static func prepare(_ extra: String) -> (TestSite) throws -> Void {
        { site in
            let rules = site.read("protection/httpd.conf").replacingOccurrences(of: "GetMask team@(127.0.0.1, [::1])", with: "GetMask team@10.*.*.*")
            try site.write("protection/httpd.conf", rules + "\n" + extra + "\n")
        }
    }

    static func lab(_ server: TestServer, port: UInt16? = nil, from source: String? = nil, fields: [String] = [], prefix: [UInt8] = []) throws -> WireResponse {
        let connection = try RawConnection(port: port ?? server.port, from: source)
        var request = "GET /lab/ HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nAuthorization: \(TestServer.basic("ann", "ann-secret"))\r\n"
        for field in fields { request += field + "\r\n" }
        try connection.send(prefix + Array((request + "\r\n").utf8))
        return try connection.readResponse()
    }

    @Test func forwardedFor_fromATrustedProxy_isTheClient_fromAnyoneElseIgnored() async throws {
        try await withServer(prepare: Self.prepare("TrustedProxy 127.0.0.1")) { server in
            let trusted = try Self.lab(server, fields: ["X-Forwarded-For: 10.1.2.3"])
            #expect(trusted.status == 200, "\(trusted)")
            let forwarded = try Self.lab(server, fields: ["Forwarded: for=10.1.2.3;proto=http"])
            #expect(forwarded.status == 200, "\(forwarded)")
            let untrusted = try Self.lab(server, from: "127.0.0.2", fields: ["X-Forwarded-For: 10.1.2.3"])
            #expect(untrusted.status == 403, "the same header from an untrusted peer is ignored: \(untrusted)")
            let direct = try Self.lab(server)
            #expect(direct.status == 403, "\(direct)")
            server.stop()
            let log = server.site.read("access.log")
            #expect(log.contains("10.1.2.3 - ann ["), "\(log)")
            #expect(log.contains("127.0.0.2 - ann ["), "\(log)")
        }
    }

    @Test func theWalk_goesRightToLeftPastTrustedHopsOnly() async throws {
        try await withServer(prepare: Self.prepare("TrustedProxy 127.0.0.0/8")) { server in
            // 127.0.0.9 is a trusted hop, so the client is 10.1.2.3.
            let through = try Self.lab(server, fields: ["X-Forwarded-For: 10.1.2.3, 127.0.0.9"])
            #expect(through.status == 200, "\(through)")
            // A client cannot pretend to be 10.1.2.3 by putting it left of an untrusted hop.
            let spoofed = try Self.lab(server, fields: ["X-Forwarded-For: 10.1.2.3, 192.0.2.7"])
            #expect(spoofed.status == 403, "\(spoofed)")
        }
    }

    @Test func explain_takesTheSameAddress() throws {
        let site = try TestSite.make()
        defer { site.remove() }
        try Self.prepare("TrustedProxy 127.0.0.1")(site)
        let allowed = try ExplainAgreementTests.runGatehouse(["explain", "--config", site.ruleFile, "--user", "ann", "--password-stdin",
                                                              "--header", "X-Forwarded-For: 10.1.2.3", "/lab/"], stdin: "ann-secret\n")
        #expect(allowed.status == 0, "\(allowed.stdout)")
        #expect(allowed.stdout.contains("from 127.0.0.1 for 10.1.2.3"), "\(allowed.stdout)")
        let refused = try ExplainAgreementTests.runGatehouse(["explain", "--config", site.ruleFile, "--from", "127.0.0.2", "--user", "ann",
                                                              "--password-stdin", "--header", "X-Forwarded-For: 10.1.2.3", "/lab/"], stdin: "ann-secret\n")
        #expect(refused.stdout.contains("HTTP/1.1 403"), "\(refused.stdout)")
    }

    /// A PROXY protocol v2 header for TCP over IPv4 from `source`.
    static func proxyV2(source: [UInt8], sourcePort: UInt16 = 40000) -> [UInt8] {
        let signature: [UInt8] = [0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A]
        let addresses = source + [127, 0, 0, 1] + [UInt8(sourcePort >> 8), UInt8(sourcePort & 0xff), 0, 80]
        return signature + [0x21, 0x11, 0, UInt8(addresses.count)] + addresses
    }

    static let proxyListener = ["--listen", "127.0.0.1:0,proxy-protocol"]

    @Test func proxyProtocol_v1AndV2_nameTheClient() async throws {
        try await withServer(prepare: Self.prepare("TrustedProxy 127.0.0.1"), extraArguments: Self.proxyListener) { server in
            let port = try #require(server.ports.last)
            let v1 = try Self.lab(server, port: port, prefix: Array("PROXY TCP4 10.1.2.3 127.0.0.1 40000 80\r\n".utf8))
            #expect(v1.status == 200, "\(v1)")
            let v2 = try Self.lab(server, port: port, prefix: Self.proxyV2(source: [10, 9, 8, 7]))
            #expect(v2.status == 200, "\(v2)")
            let outside = try Self.lab(server, port: port, prefix: Array("PROXY TCP4 192.0.2.1 127.0.0.1 40000 80\r\n".utf8))
            #expect(outside.status == 403, "\(outside)")
            server.stop()
            let log = server.site.read("access.log")
            #expect(log.contains("10.1.2.3 - ann [") && log.contains("10.9.8.7 - ann ["), "\(log)")
        }
    }

    @Test(arguments: [Array("GET /lab/ HTTP/1.1\r\n".utf8), Array("PROXY TCP4 10.1.2.300 127.0.0.1 1 2\r\n".utf8),
                      Array("PROXY UNKNOWN-ISH\r\n".utf8)])
    func proxyProtocol_missingOrMalformed_closesWithoutAnAnswer(prefix: [UInt8]) async throws {
        try await withServer(prepare: Self.prepare("TrustedProxy 127.0.0.1"), extraArguments: Self.proxyListener) { server in
            let connection = try RawConnection(port: try #require(server.ports.last))
            try connection.send(prefix + Array("Host: x\r\n\r\n".utf8))
            #expect(try connection.readToClose().isEmpty)
            #expect(connection.peerClosed)
        }
    }

    @Test func proxyProtocol_fromAPeerOutsideTrustedProxy_isRefused() async throws {
        try await withServer(prepare: Self.prepare("TrustedProxy 127.0.0.1"), extraArguments: Self.proxyListener) { server in
            let connection = try RawConnection(port: try #require(server.ports.last), from: "127.0.0.2")
            try connection.send(Array("PROXY TCP4 10.1.2.3 127.0.0.1 40000 80\r\nGET / HTTP/1.1\r\nHost: x\r\n\r\n".utf8))
            #expect(try connection.readToClose().isEmpty)
            #expect(connection.peerClosed)
        }
    }

    @Test(.enabled(if: toolExists("python3") && toolExists("openssl")))
    func proxyProtocol_beforeTLS_thenHTTPS() async throws {
        let script = """
            import socket, ssl, sys
            raw = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=20)
            raw.sendall(b"PROXY TCP4 10.1.2.3 127.0.0.1 40000 443\\r\\n")
            context = ssl.create_default_context(cafile=sys.argv[2])
            tls = context.wrap_socket(raw, server_hostname="localhost")
            tls.sendall(b"GET /lab/ HTTP/1.1\\r\\nHost: localhost\\r\\nConnection: close\\r\\nAuthorization: Basic " + sys.argv[3].encode() + b"\\r\\n\\r\\n")
            data = b""
            while True:
                chunk = tls.recv(65536)
                if not chunk: break
                data += chunk
            sys.stdout.write(data.split(b"\\r\\n")[0].decode())
            """
        try await withServer(prepare: Self.prepare("TrustedProxy 127.0.0.1"), tls: true, extraArguments: ["--listen-tls", "127.0.0.1:0,proxy-protocol"]) { server in
            let tlsPorts = server.banner.components(separatedBy: "https://127.0.0.1:").dropFirst().compactMap { UInt16($0.prefix(while: \.isNumber)) }
            let credentials = String(TestServer.basic("ann", "ann-secret").dropFirst("Basic ".count))
            let result = try ExternalTool.run("python3", ["-c", script, String(try #require(tlsPorts.last)), server.site.caCertificate, credentials],
                                              scratch: server.site.root)
            #expect(result.stdout == "HTTP/1.1 200 OK", "\(result.stdout)\(result.stderr)")
        }
    }
}
