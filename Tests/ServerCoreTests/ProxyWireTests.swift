import HTTPWire
import Protection
import RequestPolicy
import Testing
import Transport
@testable import ServerCore

/// The proxy's pure parts: canonical URLs, destination policy, and the heads it writes in each
/// direction (origin response heads, body framing and hop-by-hop rules are HTTPWire's, tested in
/// HTTPWireTests).
struct ProxyWireTests {
    static func absolute(_ raw: String) throws -> AbsoluteTarget {
        guard case .absolute(let target) = try RequestTarget(parsing: raw, method: .get) else { throw Unexpected() }
        return target
    }

    struct Unexpected: Error {}

    // MARK: - URLs and targets

    @Test(arguments: [
        ("http://Intranet.Example/a/b", "http://intranet.example/a/b"),
        ("http://intranet.example:80/x?q=1", "http://intranet.example/x?q=1"),
        ("http://intranet.example:8080", "http://intranet.example:8080/"),
        ("http://h/public/../secret/%73", "http://h/secret/s"),
        ("http://[::1]:81/", "http://[::1]:81/"),
    ])
    func canonical_lowercasesHostDropsPort80AndNormalisesThePath(raw: String, expected: String) throws {
        #expect(try ProxyURL.canonical(Self.absolute(raw)) == expected)
    }

    @Test func canonical_refusesAPathAboveTheRoot() throws {
        #expect(throws: HTTPParseError.self) { try ProxyURL.canonical(Self.absolute("http://h/../etc")) }
    }

    @Test func canonicalConnect_writesSchemeHostAndPort() {
        #expect(ProxyURL.canonical(connectHost: "Example.ORG", port: 443) == "https://example.org:443")
    }

    @Test func target_forwardsTheRawOriginFormAndBuildsHost() throws {
        let target = ProxyTarget(try Self.absolute("http://h.example:8080/a%20b/../c?x=%41"))
        #expect(target.requestTarget == "/a%20b/../c?x=%41")
        #expect(target.hostField == "h.example:8080")
        #expect(ProxyTarget(try Self.absolute("http://h.example/")).hostField == "h.example")
        #expect(ProxyTarget(try Self.absolute("http://[::1]:9/")).resolvableHost == "::1")
    }

    @Test(arguments: [
        ("http://new.example/a b", "new.example", 80, "/a%20b"),
        ("http://new.example:81/x?y", "new.example", 81, "/x?y"),
    ])
    func translatedTarget_reencodesDecodedBytes(url: String, host: String, port: Int, path: String) throws {
        let target = try #require(ProxyTarget(translated: url))
        #expect(target.host == host && target.port == port && target.requestTarget == path)
    }

    @Test func translatedTarget_refusesHTTPS() {
        #expect(ProxyTarget(translated: "https://secure.example/") == nil)
        #expect(ProxyTarget(translatedConnect: "https://secure.example:8443")?.port == 8443)
        #expect(ProxyTarget(translatedConnect: "https://secure.example:8443/path") == nil)
    }

    // MARK: - Destinations

    @Test(arguments: [
        ("127.0.0.1", false), ("127.5.6.7", false), ("10.1.2.3", false), ("172.16.0.1", false), ("172.32.0.1", true),
        ("192.168.1.1", false), ("169.254.169.254", false), ("0.0.0.0", false), ("100.64.0.1", false), ("224.0.0.1", false),
        ("93.184.216.34", true), ("::1", false), ("::", false), ("fe80::1", false), ("fd00::1", false), ("::ffff:127.0.0.1", false),
        ("2001:db8::1", true),
    ])
    func defaultPolicy_refusesLocalAndPrivateRanges(address: String, allowed: Bool) throws {
        let text = address.contains(":") ? "[\(address)]:80" : "\(address):80"
        let socketAddress = try SocketAddress(parsing: text)
        #expect(ProxyDestinationPolicy(allowed: nil).allows(ClientAddress(bytes: socketAddress.addressBytes), host: "example.org") == allowed)
    }

    @Test func explicitPolicy_replacesTheDefaultAndNeedsEveryAddress() throws {
        let templates = try ["127.0.0.1", "10.0.0.0/8", "*.intranet.example"].map { try AddressTemplate.parse($0).get() }
        let policy = ProxyDestinationPolicy(allowed: templates)
        let loopback = try #require(ClientAddress(parsing: "127.0.0.1"))
        let public1 = try #require(ClientAddress(parsing: "93.184.216.34"))
        #expect(policy.allows(loopback, host: "127.0.0.1"))
        #expect(policy.allows(try #require(ClientAddress(parsing: "10.9.9.9")), host: "x.example"))
        #expect(!policy.allows(public1, host: "example.org"))
        #expect(policy.allows(public1, host: "wiki.intranet.example"), "host-name templates match the requested name")
        #expect(policy.firstRefused([loopback, public1], host: "example.org") == public1)
        #expect(policy.firstRefused([loopback], host: "127.0.0.1") == nil)
    }

    // MARK: - Forwarded heads

    /// An origin's response head (parsed by HTTPWire's `ResponseHeadParser`, tested there).
    static func responseHead(_ text: String) throws -> ParsedResponseHead {
        var parser = ResponseHeadParser()
        guard case .head(let head, _) = parser.parse(Array(text.utf8)) else { throw Unexpected() }
        return head
    }

    @Test func upstreamRequest_removesHopByHopAndAddsHostViaAndClose() throws {
        let head = try RequestHead(parsing: Array(("GET http://h.example:8080/p?q HTTP/1.1\r\nHost: wrong\r\nProxy-Authorization: Basic eA==\r\n"
            + "Authorization: Basic b3JpZ2lu\r\nConnection: keep-alive, X-Drop\r\nKeep-Alive: 5\r\nX-Drop: 1\r\nTE: trailers\r\n"
            + "Upgrade: h2c\r\nProxy-Connection: keep-alive\r\nAccept: */*\r\n\r\n").utf8))
        let target = ProxyTarget(try Self.absolute("http://h.example:8080/p?q"))
        let text = String(decoding: ProxyMessageHeads.upstreamRequest(head, target: target), as: UTF8.self)
        #expect(text == "GET /p?q HTTP/1.1\r\nHost: h.example:8080\r\nAuthorization: Basic b3JpZ2lu\r\nAccept: */*\r\n"
                + "Via: 1.1 gatehouse\r\nConnection: close\r\n\r\n")
    }

    @Test(arguments: [("", true), ("Authorization: Basic eDp5\r\n", true), ("Authorization: Bearer t\r\n", true),
                      ("Authorization: NTLM TlRMTVNTUAAB\r\n", false), ("Authorization: Negotiate YII=\r\n", false)])
    func poolUser_onlyForPerRequestOriginCredentials(field: String, pooled: Bool) throws {
        let head = try RequestHead(parsing: Array("GET http://h/ HTTP/1.1\r\nHost: h\r\n\(field)\r\n".utf8))
        let request = ProxyRequest(head: head, target: ProxyTarget(try Self.absolute("http://h/")), url: "http://h/", user: "ann",
                                   policy: ProxyDestinationPolicy(allowed: nil), limits: HTTPLimits())
        #expect((request.poolUser != nil) == pooled)
        if pooled { #expect(request.poolUser == .some("ann")) }
        let text = String(decoding: ProxyMessageHeads.upstreamRequest(head, target: request.target, keepAlive: pooled), as: UTF8.self)
        #expect(text.hasSuffix(pooled ? "Via: 1.1 gatehouse\r\n\r\n" : "Connection: close\r\n\r\n"))
    }

    @Test func upstreamRequest_keepsTheChunkedFraming() throws {
        let head = try RequestHead(parsing: Array("PUT http://h/x HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n".utf8))
        let text = String(decoding: ProxyMessageHeads.upstreamRequest(head, target: ProxyTarget(try Self.absolute("http://h/x"))), as: UTF8.self)
        #expect(text.contains("\r\nTransfer-Encoding: chunked\r\n"))
        #expect(text.hasPrefix("PUT /x HTTP/1.1\r\nHost: h\r\n"))
    }

    @Test func clientResponse_rewritesHopByHopKeepsEndToEndAndAddsDateAndVia() throws {
        let head = try Self.responseHead("HTTP/1.0 299 Custom Thing\r\nConnection: X-Secret\r\nX-Secret: 1\r\n"
                                         + "Proxy-Authenticate: Basic realm=\"up\"\r\nSet-Cookie: a=b\r\nContent-Length: 2\r\n\r\n")
        let text = String(decoding: ProxyMessageHeads.clientResponse(head, clientVersion: .http11, keepChunked: false, connection: .close,
                                                                      date: "Mon, 23 Nov 2026 12:00:00 GMT"), as: UTF8.self)
        #expect(text == "HTTP/1.1 299 Custom Thing\r\nSet-Cookie: a=b\r\nContent-Length: 2\r\nDate: Mon, 23 Nov 2026 12:00:00 GMT\r\n"
                + "Via: 1.0 gatehouse\r\nConnection: close\r\n\r\n")
    }

    @Test func clientResponse_dropsContentLengthBesideTransferEncoding() throws {
        let head = try Self.responseHead("HTTP/1.1 200 OK\r\nDate: x\r\nTransfer-Encoding: chunked\r\nContent-Length: 10\r\n\r\n")
        let chunked = String(decoding: ProxyMessageHeads.clientResponse(head, clientVersion: .http11, keepChunked: true, connection: nil, date: "d"),
                             as: UTF8.self)
        #expect(chunked == "HTTP/1.1 200 OK\r\nDate: x\r\nTransfer-Encoding: chunked\r\nVia: 1.1 gatehouse\r\n\r\n")
        let decoded = String(decoding: ProxyMessageHeads.clientResponse(head, clientVersion: .http10, keepChunked: false, connection: nil, date: "d"),
                             as: UTF8.self)
        #expect(decoded == "HTTP/1.0 200 OK\r\nDate: x\r\nVia: 1.1 gatehouse\r\n\r\n")
    }

    @Test(arguments: [
        (ProxyFailure.destinationRefused(ClientAddress(parsing: "127.0.0.1")!), 403), (.unresolvable("x"), 502), (.connectFailed("refused"), 502),
        (.timedOut, 504), (.closedEarly, 502), (.badResponse("x"), 502), (.unsupportedTarget("https://x/"), 502), (.busy, 503),
    ])
    func failure_mapsToItsStatus(failure: ProxyFailure, status: Int) {
        #expect(failure.status.code == status)
        #expect(!failure.detail.isEmpty)
    }
}
