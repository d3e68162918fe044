import HTTPWire
import Protection
import RequestPolicy
import Testing

/// The HTTPS policy: `RedirectToTLS` answers plain requests with 308 before the Gate, and
/// `RequireTLSForAuth` refuses credentials sent over plain HTTP from outside `PlainAuthFrom`
/// before they are decoded or hashed. (`StrictTransportSecurity` is added by the server's
/// response builder over TLS, not by the decider; ServerCore's tests hold it.)
struct TLSPolicyTests {
    static let remote = ClientAddress(parsing: "10.1.2.3")!

    @Test(arguments: [
        ([8443], "example.org:8080", "/team/x?a=1&b=2", "https://example.org:8443/team/x?a=1&b=2"),
        ([443], "example.org:8080", "/pub/a.txt?q", "https://example.org/pub/a.txt?q"),
        ([443, 8443], "Example.org", "/", "https://Example.org/"),
        ([8443], "[::1]:8080", "/a%20b", "https://[::1]:8443/a%20b"),
        ([8443], "192.0.2.7", "/pub/", "https://192.0.2.7:8443/pub/"),
    ])
    func redirectToTLS_is308ToTheTLSPortWithTheSameTarget(tlsPorts: [Int], host: String, target: String, location: String) throws {
        let decider = try Site.deferring("RedirectToTLS On", tlsPorts: tlsPorts)
        let answer = decider.decide(try Site.head("GET", target, ["Host: \(host)", "Authorization: " + Site.basic("ann:annpw")]))
        #expect(answer.status == .permanentRedirect)
        #expect(answer.value("Location") == location)
        #expect(answer.pending == nil, "no password is looked at over plain HTTP")
        #expect(answer.value("WWW-Authenticate") == nil)
        #expect(answer.decidingStep == nil)
    }

    @Test func redirectToTLS_withoutHost_namesTheServersHostName() throws {
        let fs = Site.fileSystem("RedirectToTLS On")
        let decider = try Site.decider(fs, verifier: HashingVerifier(), tlsPorts: [8443], hostName: "gate.example")
        let answer = decider.decide(try Site.head("GET", "/pub/a.txt", version: "HTTP/1.0"))
        #expect(answer.value("Location") == "https://gate.example:8443/pub/a.txt")
    }

    @Test func redirectToTLS_leavesTLSRequestsToTheGate() throws {
        let answer = try Site.hashing("RedirectToTLS On", tlsPorts: [8443]).decide(try Site.head("GET", "/team/"), over: .tls)
        #expect(answer.status == .unauthorized)
        #expect(answer.value("Location") == nil)
    }

    @Test func redirectToTLS_withoutATLSListener_changesNothing() throws {
        let answer = try Site.hashing("RedirectToTLS On").decide(try Site.head("GET", "/pub/a.txt"))
        #expect(answer.servedFile == "/srv/www/pub/a.txt")
    }

    struct CredentialsCase: Sendable, CustomTestStringConvertible {
        let directives: String
        let tlsPorts: [Int]
        let from: String
        let listener: ListenerKind
        let accepted: Bool
        var testDescription: String { "\(directives.isEmpty ? "defaults" : directives) tls=\(tlsPorts) from \(from) over \(listener)" }
    }

    @Test(arguments: [
        CredentialsCase(directives: "", tlsPorts: [443], from: "10.1.2.3", listener: .plain, accepted: false),
        CredentialsCase(directives: "", tlsPorts: [443], from: "10.1.2.3", listener: .tls, accepted: true),
        CredentialsCase(directives: "", tlsPorts: [443], from: "127.0.0.1", listener: .plain, accepted: true),
        CredentialsCase(directives: "", tlsPorts: [443], from: "::1", listener: .plain, accepted: true),
        CredentialsCase(directives: "", tlsPorts: [], from: "10.1.2.3", listener: .plain, accepted: true),  // no TLS: off by default
        CredentialsCase(directives: "PlainAuthFrom None", tlsPorts: [443], from: "127.0.0.1", listener: .plain, accepted: false),
        CredentialsCase(directives: "PlainAuthFrom None", tlsPorts: [443], from: "::1", listener: .plain, accepted: false),
        CredentialsCase(directives: "PlainAuthFrom None", tlsPorts: [443], from: "127.0.0.1", listener: .tls, accepted: true),
        CredentialsCase(directives: "PlainAuthFrom 10.0.0.0/8", tlsPorts: [443], from: "10.1.2.3", listener: .plain, accepted: true),
        CredentialsCase(directives: "PlainAuthFrom 10.0.0.0/8", tlsPorts: [443], from: "127.0.0.1", listener: .plain, accepted: false),
        CredentialsCase(directives: "RequireTLSForAuth Off", tlsPorts: [443], from: "10.1.2.3", listener: .plain, accepted: true),
        CredentialsCase(directives: "RequireTLSForAuth On", tlsPorts: [], from: "10.1.2.3", listener: .plain, accepted: false),
    ])
    func requireTLSForAuth_refusesPlainCredentialsFromOutsidePlainAuthFrom(_ c: CredentialsCase) throws {
        let throttle = RecordingThrottle()
        let decider = try Site.deferring(c.directives, tlsPorts: c.tlsPorts)
        let from = try #require(ClientAddress(parsing: c.from))
        let answer = decider.decide(try Site.head("/team/", as: "ann:annpw"), from: from, over: c.listener, throttle: throttle)
        if c.accepted {
            #expect(answer.pending?.user == "ann")
            #expect(throttle.admitted.count == 1)
        } else {
            #expect(answer.status == .forbidden)
            #expect(answer.pending == nil, "the credentials never reach the Gate")
            #expect(throttle.asked == 0, "nor the throttle")
            #expect(answer.user == nil)
            #expect(answer.decidingStep == "request")
            #expect(answer.value("WWW-Authenticate") == nil)
        }
    }

    /// An anonymous request from a client whose password would be refused over plain HTTP is not
    /// challenged (a browser would send the password in the clear before learning it is refused):
    /// 403 without `WWW-Authenticate`. From `PlainAuthFrom`, or over TLS, it is challenged.
    @Test func requireTLSForAuth_doesNotInviteAPasswordItWouldRefuse() throws {
        let site = try Site.hashing(tlsPorts: [443])
        let remote = site.decide(try Site.head("GET", "/team/"), from: Self.remote)
        #expect(remote.status == .forbidden)
        #expect(remote.value("WWW-Authenticate") == nil)
        let local = site.decide(try Site.head("GET", "/team/"))
        #expect(local.status == .unauthorized)
        #expect(local.value("WWW-Authenticate") == GateAnswerTests.teamChallenge)
        let overTLS = site.decide(try Site.head("GET", "/team/"), from: Self.remote, over: .tls)
        #expect(overTLS.status == .unauthorized)
        #expect(overTLS.value("WWW-Authenticate") == GateAnswerTests.teamChallenge)
        let open = site.decide(try Site.head("GET", "/pub/a.txt"), from: Self.remote)
        #expect(open.status == .ok, "documents without protection are served as before")
    }

    @Test func requireTLSForAuth_appliesToProxyCredentialsToo() throws {
        let decider = try Site.deferring(conf: ProxyModeTests.conf, tlsPorts: [443])
        let head = try Site.head("GET", "http://intranet.example/x", ["Host: intranet.example", "Proxy-Authorization: " + Site.basic("ann:annpw")])
        let answer = decider.decide(head, from: Self.remote)
        #expect(answer.status == .forbidden)
        #expect(answer.pending == nil)
        #expect(decider.decide(head, from: Self.remote, over: .tls).pending?.user == "ann")
    }
}
