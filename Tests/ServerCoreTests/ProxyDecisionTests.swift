import Foundation
import HTTPWire
import Protection
import Testing
@testable import ServerCore

/// What the loop's services decide for absolute-form and CONNECT requests, without sockets.
struct ProxyDecisionTests {
    static let proxyConf = """
    Protection proxy {
        ServerId "Proxy Realm"
        PasswordFile passwd
        GroupFile group
        Mask staff
    }
    ProxyConnectPorts 8443
    Protect http:* proxy
    Protect https:* proxy
    Pass http:*
    Pass https:*
    Pass /* ../www/*
    """

    static func handle(_ tree: TempTree, _ raw: String) throws -> ServiceReply {
        try TestLoop(tree).reply(raw)
    }

    static func plan(_ outcome: ServiceReply) -> ResponsePlan? {
        if case .respond(let plan) = outcome { return plan }
        return nil
    }

    static func basic(_ text: String) -> String { "Basic " + Data(text.utf8).base64EncodedString() }

    @Test(arguments: ["GET http://example.org/ HTTP/1.1\r\nHost: example.org\r\n\r\n",
                      "CONNECT example.org:443 HTTP/1.1\r\nHost: example.org:443\r\n\r\n"])
    func withoutPassHTTP_everyProxyRequestIs403(raw: String) throws {
        let tree = try TempTree()
        let plan = try #require(Self.plan(try Self.handle(tree, raw)))
        #expect(plan.head.status == .forbidden)
    }

    @Test(arguments: [
        "GET http://example.org/x HTTP/1.1\r\nHost: example.org\r\n\r\n",
        "GET http://example.org/x HTTP/1.1\r\nHost: example.org\r\nAuthorization: \(basic("ann:annpw"))\r\n\r\n",
        "CONNECT example.org:443 HTTP/1.1\r\nHost: example.org:443\r\n\r\n",
    ])
    func withoutProxyCredentials_is407WithProxyAuthenticate(raw: String) throws {
        let tree = try TempTree(conf: Self.proxyConf)
        let plan = try #require(Self.plan(try Self.handle(tree, raw)))
        #expect(plan.head.status == .proxyAuthenticationRequired)
        #expect(plan.head.fields.map(\.name) == ["Proxy-Authenticate", "Cache-Control"])
        #expect(plan.head.fields.first?.value == "Basic realm=\"Proxy Realm\", charset=\"UTF-8\"")
    }

    @Test func validProxyCredentials_areVerifiedThenHandedOff() async throws {
        let tree = try TempTree(conf: Self.proxyConf)
        let loop = try TestLoop(tree)
        let raw = "GET http://Example.ORG:80/a/../b HTTP/1.1\r\nHost: example.org\r\nProxy-Authorization: \(Self.basic("ann:annpw"))\r\n\r\n"
        guard case .verify(let pending) = try loop.reply(raw) else {
            Issue.record("expected verify")
            return
        }
        #expect(pending.user == "ann")
        guard case .handOff(let job) = try await loop.settled(raw) else {
            Issue.record("expected a hand-off")
            return
        }
        #expect(job.kind == .forward)
        #expect(job.request.url == "http://example.org/b")
        #expect(job.request.user == "ann")
    }

    @Test(arguments: [
        ("CONNECT example.org:22 HTTP/1.1\r\nHost: example.org:22\r\n\r\n", HTTPStatus.forbidden),
        ("CONNECT example.org:8443 HTTP/1.1\r\nHost: example.org:8443\r\n\r\n", .proxyAuthenticationRequired),
        ("GET http://example.org/ HTTP/1.1\r\nHost: example.org\r\nProxy-Authorization: Basic eA==\r\nProxy-Authorization: Basic eQ==\r\n\r\n", .badRequest),
        ("GET http://example.org:0/ HTTP/1.1\r\nHost: example.org\r\n\r\n", .badRequest),
        ("GET http://example.org/../x HTTP/1.1\r\nHost: example.org\r\n\r\n", .badRequest),
        ("PUT http://example.org/x HTTP/1.1\r\nHost: example.org\r\nContent-Length: 0\r\n\r\n", .methodNotAllowed),
    ])
    func refusals_happenBeforeAnyConnection(raw: String, status: HTTPStatus) throws {
        let tree = try TempTree(conf: Self.proxyConf)
        let plan = try #require(Self.plan(try Self.handle(tree, raw)))
        #expect(plan.head.status == status, "\(raw)")
    }

    @Test func wrongPassword_is407() async throws {
        let tree = try TempTree(conf: Self.proxyConf)
        let raw = "GET http://example.org/ HTTP/1.1\r\nHost: example.org\r\nProxy-Authorization: \(Self.basic("ann:wrong"))\r\n\r\n"
        let plan = try await TestLoop(tree).settledPlan(raw)
        #expect(plan.head.status == .proxyAuthenticationRequired)
    }
}
