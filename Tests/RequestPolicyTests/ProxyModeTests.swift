import HTTPWire
import Protection
import RequestPolicy
import Testing

/// Absolute-form and CONNECT requests (semantics §10): the decider forwards what the rules and
/// the Gate allow, names where it goes, refuses numeric destinations outside
/// `ProxyDestinations` at once, and challenges with 407.
struct ProxyModeTests {
    static let conf = rules(destinations: "ProxyDestinations 203.0.113.0/24 *.example")

    /// The proxy's rule file with `destinations` (a `ProxyDestinations` line, or nothing).
    static func rules(destinations: String) -> String {
        """
        Protection proxy {
            ServerId "Proxy Realm"
            PasswordFile passwd
            GroupFile group
            Mask team
        }
        \(destinations)
        Protect http://intranet.example/* proxy
        Protect https://intranet.example:* proxy
        Pass http://old.example/* http://new.example/*
        Pass http:*
        Pass https:*
        Pass /* /srv/www/*
        """
    }

    static let proxyChallenge = "Basic realm=\"Proxy Realm\", charset=\"UTF-8\""

    func decide(_ url: String, method: String = "GET", host: String, _ fields: [String] = [],
                decider: RequestDecider<DirectGateFiles<InMemoryFileSystem>, DeferringVerifier, InMemoryFileSystem>? = nil) throws -> RequestAnswer {
        try (decider ?? Site.deferring(conf: Self.conf)).decide(try Site.head(method, url, ["Host: \(host)"] + fields))
    }

    @Test(arguments: [
        ("http://public.example/a/b?c=1", "public.example", "public.example", 80, "/a/b?c=1", "http://public.example/a/b?c=1"),
        ("http://Public.Example:8080/x/../y", "public.example:8080", "public.example", 8080, "/x/../y", "http://public.example:8080/y"),
        ("http://203.0.113.5/", "203.0.113.5", "203.0.113.5", 80, "/", "http://203.0.113.5/"),
        ("http://old.example/p?q", "old.example", "new.example", 80, "/p?q", "http://new.example/p?q"),
    ])
    func allowedRequest_isForwardedToItsTarget(url: String, host: String, toHost: String, port: Int, requestTarget: String, rulesURL: String) throws {
        let answer = try decide(url, host: host)
        let forward = try #require(answer.forwarded, "\(answer.action)")
        #expect(forward.target.host == toHost)
        #expect(forward.target.port == port)
        #expect(forward.target.requestTarget == requestTarget)
        #expect(forward.url == rulesURL)
        #expect(answer.status == .ok)
        #expect(!answer.protected)
    }

    @Test func forwardedRequest_carriesTheDestinationPolicy_forTheResolvedAddresses() throws {
        let forward = try #require(try decide("http://public.example/", host: "public.example").forwarded)
        #expect(forward.policy.allows(ClientAddress(parsing: "203.0.113.77")!, host: "public.example"))
        #expect(!forward.policy.allows(ClientAddress(parsing: "127.0.0.1")!, host: "other.org"))
    }

    @Test(arguments: ["http://198.51.100.7/", "http://127.0.0.1:8080/admin", "http://[::1]/"])
    func numericDestinationOutsideProxyDestinations_is403(url: String) throws {
        let host = String(url.dropFirst("http://".count).prefix { $0 != "/" })
        let answer = try decide(url, host: host)
        #expect(answer.status == .forbidden)
        #expect(answer.forwarded == nil)
    }

    @Test func loopbackWithoutProxyDestinations_is403() throws {
        let decider = try Site.deferring(conf: Self.rules(destinations: ""))
        #expect(try decide("http://127.0.0.1/", host: "127.0.0.1", decider: decider).status == .forbidden)
        #expect(try decide("http://10.0.0.1/", host: "10.0.0.1", decider: decider).status == .forbidden)
        #expect(try decide("http://203.0.113.5/", host: "203.0.113.5", decider: decider).forwarded != nil)
    }

    @Test(arguments: [[String](), ["Authorization: " + Site.basic("ann:annpw")]])
    func protectedURL_withoutProxyCredentials_is407WithProxyAuthenticate(fields: [String]) throws {
        let answer = try decide("http://intranet.example/x", host: "intranet.example", fields)
        #expect(answer.status == .proxyAuthenticationRequired)
        #expect(answer.value("Proxy-Authenticate") == Self.proxyChallenge)
        #expect(answer.value("WWW-Authenticate") == nil)
        #expect(answer.value("Cache-Control") == "private, no-cache")
    }

    @Test func protectedURL_withProxyCredentials_isVerifiedThenForwarded() throws {
        let decider = try Site.deferring(conf: Self.conf)
        let answer = try decide("http://intranet.example/x", host: "intranet.example", ["Proxy-Authorization: " + Site.basic("ann:annpw")],
                                decider: decider)
        let pending = try #require(answer.pending)
        #expect(pending.user == "ann")
        let resumed = try #require(decider.resume(pending, check: .valid, throttle: NoLoginThrottle()))
        #expect(resumed.forwarded?.target.host == "intranet.example")
        #expect(resumed.user == "ann")
        let refused = try #require(decider.resume(pending, check: .invalid(reason: "wrong"), throttle: NoLoginThrottle()))
        #expect(refused.status == .proxyAuthenticationRequired)
        #expect(refused.value("Proxy-Authenticate") == Self.proxyChallenge)
    }

    @Test func validUserOutsideTheMask_is407Again() throws {
        let decider = try Site.deferring(conf: Self.conf)
        let pending = try #require(try decide("http://intranet.example/x", host: "intranet.example",
                                              ["Proxy-Authorization: " + Site.basic("carl:carlpw")], decider: decider).pending)
        let answer = try #require(decider.resume(pending, check: .valid, throttle: NoLoginThrottle()))
        #expect(answer.status == .proxyAuthenticationRequired)
        #expect(answer.user == "carl")
    }

    @Test(arguments: [
        ("PATCH", HTTPStatus.notImplemented),
        ("OPTIONS", .notImplemented),
        ("PUT", .methodNotAllowed),
        ("DELETE", .methodNotAllowed),
    ])
    func methodsTheProxyDoesNotForward_areRefusedWithAllow(method: String, status: HTTPStatus) throws {
        let answer = try decide("http://public.example/x", method: method, host: "public.example", ["Content-Length: 0"])
        #expect(answer.status == status)
        #expect(answer.value("Allow") == "GET, HEAD, POST")
    }

    @Test func post_isForwarded() throws {
        let answer = try decide("http://public.example/form", method: "POST", host: "public.example", ["Content-Length: 3"])
        #expect(answer.forwarded?.target.requestTarget == "/form")
    }

    @Test func hostNamingAnotherAuthority_is400AndCloses() throws {
        let answer = try decide("http://public.example/", host: "intranet.example")
        #expect(answer.status == .badRequest)
        #expect(answer.close)
    }

    @Test(arguments: [("public.example:443", true), ("intranet.example:443", false), ("public.example:22", false)])
    func connect_tunnelsOnlyToAllowedPortsAndUsers(authority: String, tunnels: Bool) throws {
        let answer = try decide(authority, method: "CONNECT", host: authority)
        if case .tunnel(let forward) = answer.action {
            #expect(tunnels)
            #expect(forward.target.hostField == authority)
        } else {
            #expect(!tunnels)
            #expect(answer.status == (authority.hasPrefix("intranet") ? .proxyAuthenticationRequired : .forbidden))
        }
    }
}
