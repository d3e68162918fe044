import Testing
import Transport
@testable import TLS

@Suite struct HandshakeTests {
    @Test(arguments: [TLSVersion.tls1_2, .tls1_3])
    func handshake_completesNonBlockingAtEachVersion(version: TLSVersion) throws {
        let server = try Contexts.server()
        let client = try Contexts.client(TLSClientOptions(minimumVersion: version, maximumVersion: version))
        let connection = try Connection.open(server: server, client: client)
        defer { connection.close() }
        let expected = version == .tls1_2 ? "TLSv1.2" : "TLSv1.3"
        #expect(connection.server.handshakeComplete)
        #expect(connection.server.protocolVersion == expected)
        #expect(connection.client.protocolVersion == expected)
        #expect(connection.server.sessionReused == false)
        #expect(connection.server.requestedServerName == "localhost")
        #expect(connection.client.peerCertificate?.commonName == "localhost")
    }

    @Test(arguments: [TLSVersion.tls1_0, .tls1_1])
    func handshake_refusesVersionsBelowTLS12(version: TLSVersion) throws {
        let server = try Contexts.server()
        let client = try Contexts.client(TLSClientOptions(minimumVersion: version, maximumVersion: version))
        let (serverError, clientError) = try failedHandshake(server: server, client: client)
        #expect(serverError?.kind == .unsupportedVersion)
        #expect(clientError?.kind == .unsupportedVersion)
        #expect(serverError?.description.contains("unsupported protocol") == true)
    }

    @Test func handshake_tls12UsesTheIntermediateCiphersInServerOrder() throws {
        let server = try Contexts.server()
        // The client prefers ChaCha20 last and AES-256 first; the server's order picks AES-128.
        let client = try Contexts.client(TLSClientOptions(
            maximumVersion: .tls1_2, cipherList: "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-ECDSA-AES128-GCM-SHA256"))
        let connection = try Connection.open(server: server, client: client)
        defer { connection.close() }
        #expect(connection.server.cipherName == "ECDHE-ECDSA-AES128-GCM-SHA256")
    }

    @Test func handshake_withNoSharedCipherFailsClearly() throws {
        let server = try Contexts.server()
        // CBC with SHA-1 is not in the intermediate list.
        let client = try Contexts.client(TLSClientOptions(maximumVersion: .tls1_2, cipherList: "ECDHE-ECDSA-AES128-SHA"))
        let (serverError, clientError) = try failedHandshake(server: server, client: client)
        #expect(serverError?.kind == .noSharedCipher)
        #expect(clientError?.kind == .noSharedCipher)
    }

    @Test(arguments: [
        (["http/1.1"], "http/1.1"),
        (["h2", "http/1.1"], "http/1.1"),
        (["h2"], nil),
        ([], nil),
    ] as [([String], String?)])
    func alpn_agreesOnlyOnHTTP11AndOtherwiseGoesOn(offers: [String], expected: String?) throws {
        let server = try Contexts.server()
        let client = try Contexts.client(TLSClientOptions(applicationProtocols: offers))
        let connection = try Connection.open(server: server, client: client)
        defer { connection.close() }
        #expect(connection.server.negotiatedALPN == expected)
        #expect(connection.client.negotiatedALPN == expected)
    }

    @Test func handshake_clientRejectsACertificateForAnotherName() throws {
        let server = try Contexts.server()
        let client = try Contexts.client()
        let pair = try SocketPair.make()
        defer { pair.close() }
        let serverSession = try TLSSession(serving: server, socket: pair.server)
        let clientSession = try TLSSession(connectingWith: client, socket: pair.client, serverName: "elsewhere.test")
        var clientError: TLSError?
        try pump([
            (pair.server.descriptor, { () throws -> Step in
                do { return try Self.step(serverSession.handshake()) } catch { return .idle }
            }),
            (pair.client.descriptor, { () throws -> Step in
                guard clientError == nil else { return .idle }
                do throws(TLSError) { return try Self.step(clientSession.handshake()) } catch { clientError = error; return .idle }
            }),
        ]) { clientError != nil }
        #expect(clientError?.kind == .certificateRejected)
    }

    static func step(_ transfer: TLSTransfer) -> Step {
        switch transfer {
        case .bytes, .closed: .idle
        case .wouldBlock(let interest): .waiting(interest)
        }
    }
}
