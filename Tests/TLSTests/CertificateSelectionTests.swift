import Testing
@testable import TLS

@Suite struct CertificateSelectionTests {
    @Test(arguments: [
        ("localhost", "localhost"),
        ("alt.test", "alt.test"),
        ("ALT.Test", "alt.test"),
        ("www.alt.test", "alt.test"),
        ("unknown.test", "localhost"),
        (nil, "localhost"),
    ] as [(String?, String)])
    func sni_picksThePairNamingTheHostElseTheFirst(serverName: String?, expectedCommonName: String) throws {
        let server = try Contexts.server([Contexts.localhostPair, Contexts.altPair])
        // The client checks the certificate names the expected host, so a wrong pick fails.
        let client = try Contexts.client()
        let connection = try Connection.open(server: server, client: client, serverName: serverName, expectedHost: expectedCommonName)
        defer { connection.close() }
        #expect(connection.client.peerCertificate?.commonName == expectedCommonName)
    }

    @Test func sni_resumptionWorksWithTheSecondPair() throws {
        let server = try Contexts.server([Contexts.localhostPair, Contexts.altPair])
        let client = try Contexts.client()
        let first = try Connection.open(server: server, client: client, serverName: "alt.test")
        let saved = try #require(first.client.savedSession())
        first.close()
        let second = try Connection.open(server: server, client: client, serverName: "alt.test", resuming: saved)
        defer { second.close() }
        #expect(second.server.sessionReused)
    }

    @Test(arguments: [
        ("a.example.com", 1), ("A.EXAMPLE.COM", 1), ("example.com", 2), ("b.a.example.com", 0),
        ("exact.test", 0), ("exact.test.", 0), ("other.test", 0), ("", 0),
    ])
    func selector_matchesExactNamesThenOneLabelWildcards(name: String, expected: Int) {
        let selector = CertificateSelector(names: [["exact.test"], ["*.example.com"], ["example.com", "exact.test"]])
        let index = Array(name.utf8).withUnsafeBufferPointer { selector.index(for: $0) }
        #expect(index == expected)
    }

    @Test func selector_ignoresOverlongNames() {
        let selector = CertificateSelector(names: [["first.test"], [String(repeating: "a", count: 300)]])
        let name = Array(String(repeating: "a", count: 300).utf8)
        #expect(name.withUnsafeBufferPointer { selector.index(for: $0) } == 0)
    }

    @Test func reload_newContextServesNewSessionsWhileOldSessionsKeepWorking() throws {
        let fixture = CertificateFixture.shared
        let old = try Contexts.server()
        let client = try Contexts.client()
        let established = try Connection.open(server: old, client: client)
        defer { established.close() }
        let oldSerial = established.client.peerCertificate
        let renewed = try Contexts.server([TLSCertificatePair(certificateChainPath: fixture.renewedChain, privateKeyPath: fixture.renewedKey)])
        let fresh = try Connection.open(server: renewed, client: client)
        defer { fresh.close() }
        #expect(fresh.client.peerCertificate != oldSerial)
        #expect(fresh.client.peerCertificate == renewed.certificates.first)
        // The session made from the old context still carries data.
        let message = patternBytes(count: 100_000, seed: 7)
        let serverPeer = Peer(established.server, sending: message)
        let clientPeer = Peer(established.client, expecting: message.count)
        try exchange(serverPeer, clientPeer, pair: established.pair)
        #expect(clientPeer.received == message)
    }
}
