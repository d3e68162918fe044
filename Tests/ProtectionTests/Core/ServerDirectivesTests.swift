import Testing
@testable import Protection

/// The deployment directives in the rule file: what each sets, and a `file:line:` error for
/// each wrong use.
struct ServerDirectivesTests {
    static func settings(_ text: String) throws -> ServerSettings {
        try RuleFile.parse(text + "\nPass /* /srv/www/*\n", path: "/srv/conf/httpd.conf").0.settings
    }

    @Test func everyDirective_setsItsValue() throws {
        let s = try Self.settings("""
            TLSListen 0.0.0.0:443
            TLSListen [::]:443
            TLSCertificate tls/chain.pem
            TLSCertificateKey /etc/ssl/key.pem
            RedirectToTLS On
            StrictTransportSecurity max-age=31536000; includeSubDomains
            RequireTLSForAuth Off
            PlainAuthFrom 10.0.0.0/8 [::1]
            TrustedProxy 127.0.0.1 192.168.0.0/16
            TrustedProxyHeader X-Forwarded-For
            ProxyProtocol On
            UserId www-data
            GroupId 33
            LogFormat json
            LogTime utc
            AddHeader /pub/* Access-Control-Allow-Origin: *
            ErrorDocument 404 errors/404.html
            Compression Off
            CompressionTypes text/html application/json
            BodyTimeout 20
            MaxConnectionsPerAddress 64
            """)
        #expect(s.tlsListen.map(\.value) == ["0.0.0.0:443", "[::]:443"])
        #expect(s.tlsCertificate?.value == "/srv/conf/tls/chain.pem")
        #expect(s.tlsCertificateKey?.value == "/etc/ssl/key.pem")
        #expect(s.redirectToTLS && s.requireTLSForAuth == false && s.proxyProtocol)
        #expect(s.strictTransportSecurity == "max-age=31536000; includeSubDomains")
        #expect(s.plainAuthFrom.count == 2 && s.trustedProxies.count == 2)
        #expect(s.trustedProxyHeader == .xForwardedFor)
        #expect(s.userId?.value == "www-data" && s.groupId?.value == "33")
        #expect(s.logFormat == .json && s.logTime == .utc)
        #expect(s.addHeaders.first?.name == "Access-Control-Allow-Origin" && s.addHeaders.first?.value == "*")
        #expect(s.errorDocuments[404]?.value == "/srv/conf/errors/404.html")
        #expect(!s.compression && s.compressionTypes == ["text/html", "application/json"])
    }

    @Test func defaults() throws {
        let s = try Self.settings("")
        #expect(s.requireTLSForAuth == nil && !s.redirectToTLS && s.plainAuthFrom == ServerSettings.defaultPlainAuthFrom)
        #expect(s.logFormat == .common && s.logTime == .local && s.compression)
        #expect(try Self.settings("PlainAuthFrom None").plainAuthFrom.isEmpty)
    }

    @Test(arguments: [
        ("TLSListen", "expected 'TLSListen HOST:PORT'"),
        ("RedirectToTLS maybe", "expected 'RedirectToTLS On|Off'"),
        ("StrictTransportSecurity includeSubDomains", "max-age"),
        ("PlainAuthFrom intranet.example", "is a host name"),
        ("TrustedProxy 10.0.0.0/33", "TrustedProxy"),
        ("LogFormat xml", "LogFormat common|combined|json"),
        ("LogTime gmt", "LogTime local|utc"),
        ("AddHeader /* X-A", "AddHeader TEMPLATE Name: value"),
        ("AddHeader /* Content-Length: 5", "cannot set Content-Length"),
        ("AddHeader /* Bad Name: v", "expected 'AddHeader TEMPLATE Name: value'"),
        ("ErrorDocument 200 ok.html", "STATUS from 400 to 599"),
        ("CompressionTypes html", "CompressionTypes TYPE/SUBTYPE"),
        ("UserId a:b", "UserId NAME|NUMBER"),
        ("MaxConnectionsPerAddress 0", "MaxConnectionsPerAddress NUMBER"),
        ("TrustedProxyHeader X-Real-IP", "TrustedProxyHeader"),
    ])
    func wrongUses_areErrorsAtTheirLine(text: String, fragment: String) {
        do {
            _ = try RuleFile.parse("Welcome index.html\n\(text)\nPass /* /srv/www/*\n", path: "/srv/conf/httpd.conf")
            Issue.record("no error for \(text)")
        } catch {
            let message = error.diagnostics.map(\.description).joined(separator: "\n")
            #expect(message.contains("/srv/conf/httpd.conf:2: "), "\(message)")
            #expect(message.contains(fragment), "\(message)")
        }
    }
}
