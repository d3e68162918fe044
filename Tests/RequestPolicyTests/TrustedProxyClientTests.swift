import HTTPWire
import Protection
import RequestPolicy
import Testing

/// The client address behind `TrustedProxy` peers: read from the forwarding header right to left
/// past trusted hops, believed only from a trusted peer, and the one the Gate's address templates,
/// the throttle and the log see.
struct TrustedProxyClientTests {
    static let proxy = ClientAddress(parsing: "10.0.0.5")!
    static let stranger = ClientAddress(parsing: "198.51.100.1")!

    struct Case: Sendable, CustomTestStringConvertible {
        let directives: String
        let peer: ClientAddress
        let fields: [String]
        let client: String
        var testDescription: String { "\(directives) from \(peer): \(fields) → \(client)" }
    }

    @Test(arguments: [
        Case(directives: "TrustedProxy 10.0.0.0/8", peer: proxy, fields: ["X-Forwarded-For: 203.0.113.9"], client: "203.0.113.9"),
        Case(directives: "TrustedProxy 10.0.0.0/8", peer: proxy, fields: ["X-Forwarded-For: 203.0.113.9, 10.0.0.7"], client: "203.0.113.9"),
        Case(directives: "TrustedProxy 10.0.0.0/8", peer: proxy, fields: ["X-Forwarded-For: 192.0.2.1, 203.0.113.9, 10.0.0.7"],
             client: "203.0.113.9"),  // the walk stops at the first untrusted hop; what is left of it may be forged
        Case(directives: "TrustedProxy 10.0.0.0/8", peer: proxy, fields: ["X-Forwarded-For: 192.0.2.1", "X-Forwarded-For: 203.0.113.9"],
             client: "203.0.113.9"),
        Case(directives: "TrustedProxy 10.0.0.0/8", peer: proxy, fields: ["Forwarded: for=203.0.113.9;proto=https, for=10.0.0.7"],
             client: "203.0.113.9"),
        Case(directives: "TrustedProxy 10.0.0.0/8", peer: proxy, fields: ["Forwarded: for=\"[2001:db8::1]:4711\""], client: "2001:db8::1"),
        Case(directives: "TrustedProxy 10.0.0.0/8", peer: proxy, fields: ["Forwarded: for=203.0.113.9", "X-Forwarded-For: 192.0.2.1"],
             client: "203.0.113.9"),  // Either: Forwarded when present
        Case(directives: "TrustedProxy 10.0.0.0/8", peer: proxy, fields: [], client: "10.0.0.5"),
        Case(directives: "TrustedProxy 10.0.0.0/8", peer: stranger, fields: ["X-Forwarded-For: 203.0.113.9"], client: "198.51.100.1"),
        Case(directives: "TrustedProxy 10.0.0.0/8", peer: stranger, fields: ["Forwarded: for=203.0.113.9"], client: "198.51.100.1"),
        Case(directives: "", peer: proxy, fields: ["X-Forwarded-For: 203.0.113.9"], client: "10.0.0.5"),
        Case(directives: "TrustedProxy 10.0.0.0/8\nTrustedProxyHeader X-Forwarded-For", peer: proxy,
             fields: ["Forwarded: for=192.0.2.1", "X-Forwarded-For: 203.0.113.9"], client: "203.0.113.9"),
        Case(directives: "TrustedProxy 10.0.0.0/8\nTrustedProxyHeader Forwarded", peer: proxy, fields: ["X-Forwarded-For: 203.0.113.9"],
             client: "10.0.0.5"),
    ])
    func client_isTheForwardedAddressOnlyFromATrustedPeer(_ c: Case) throws {
        let decider = try Site.hashing(c.directives)
        let head = try Site.head("GET", "/pub/a.txt", c.fields)
        let answer = decider.decide(head, from: c.peer)
        #expect(answer.client == ClientAddress(parsing: c.client))
        #expect(decider.client(of: head, peer: c.peer) == answer.client, "remembered answers use the same client")
        #expect(answer.servedFile != nil)
    }

    @Test(arguments: [
        (proxy, "203.0.113.9", HTTPStatus.ok),
        (stranger, "203.0.113.9", .forbidden),  // the header of an untrusted peer is ignored
        (proxy, "192.0.2.1", .forbidden),
    ])
    func addressMask_admitsTheForwardedClient(peer: ClientAddress, forwarded: String, status: HTTPStatus) throws {
        let decider = try Site.hashing("TrustedProxy 10.0.0.0/8")
        let answer = decider.decide(try Site.head("/office/", as: "ann:annpw", ["X-Forwarded-For: \(forwarded)"]), from: peer)
        #expect(answer.status == status)
        #expect(answer.decidingStep == (status == .ok ? "15" : "8"))
        #expect(answer.user == "ann")
    }

    @Test func anonymousForwardedClient_fromAnAdmittedAddress_isChallenged() throws {
        // team@203.0.113.*: the address is admitted, so credentials could help (401, not 403).
        let answer = try Site.hashing("TrustedProxy 10.0.0.0/8").decide(try Site.head("GET", "/office/", ["X-Forwarded-For: 203.0.113.9"]),
                                                                     from: Self.proxy)
        #expect(answer.status == .unauthorized)
        #expect(answer.value("WWW-Authenticate") == "Basic realm=\"Office\", charset=\"UTF-8\"")
    }

    @Test func throttleAndPendingHash_seeTheForwardedClient() throws {
        let throttle = RecordingThrottle()
        let decider = try Site.deferring("TrustedProxy 10.0.0.0/8")
        let answer = decider.decide(try Site.head("/team/", as: "ann:annpw", ["X-Forwarded-For: 203.0.113.9"]), from: Self.proxy, throttle: throttle)
        let client = ClientAddress(parsing: "203.0.113.9")!
        #expect(answer.pending?.client == client)
        #expect(throttle.admitted.map(\.address) == [client])
    }

    @Test func isTrusted_followsTrustedProxy() throws {
        let decider = try Site.hashing("TrustedProxy 10.0.0.0/8 [::1]")
        #expect(decider.isTrusted(Self.proxy))
        #expect(decider.isTrusted(ClientAddress(parsing: "::1")!))
        #expect(!decider.isTrusted(Self.stranger))
    }
}
