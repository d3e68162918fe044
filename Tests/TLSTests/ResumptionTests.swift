import Testing
import Transport
@testable import TLS

@Suite struct ResumptionTests {
    /// Connects once, closes, and returns the session to offer next time.
    private func firstSession(server: TLSContext, client: TLSContext) throws -> TLSSavedSession {
        let connection = try Connection.open(server: server, client: client)
        defer { connection.close() }
        #expect(connection.server.sessionReused == false)
        let saved = try #require(connection.client.savedSession())
        #expect(saved.isResumable)
        return saved
    }

    /// Whether a connection offering `saved` resumed it, and the session to offer after it.
    private func resumes(_ saved: TLSSavedSession, server: TLSContext, client: TLSContext) throws -> (reused: Bool, next: TLSSavedSession?) {
        let connection = try Connection.open(server: server, client: client, resuming: saved)
        defer { connection.close() }
        #expect(connection.client.sessionReused == connection.server.sessionReused)
        return (connection.server.sessionReused, connection.client.savedSession())
    }

    @Test(arguments: [TLSVersion.tls1_2, .tls1_3])
    func ticket_resumesTheSession(version: TLSVersion) throws {
        let server = try Contexts.server()
        let client = try Contexts.client(TLSClientOptions(maximumVersion: version))
        let saved = try firstSession(server: server, client: client)
        #expect(try resumes(saved, server: server, client: client).reused)
    }

    /// RFC 8446 §C.4: a TLS 1.3 client uses each ticket once, as browsers do. Every resumed
    /// connection must then hand out a fresh ticket, or the client's next connection has none
    /// left and falls back to a full handshake (OpenSSL issues one on resumption only when the
    /// ticket callback asks for a renewal).
    @Test func tls13ResumedConnection_getsAFreshTicket_soOneUseTicketsResumeInAChain() throws {
        let server = try Contexts.server()
        let client = try Contexts.client(TLSClientOptions(minimumVersion: .tls1_3))
        var offered = try firstSession(server: server, client: client)
        for link in 1...4 {
            let (reused, next) = try resumes(offered, server: server, client: client)
            #expect(reused, "connection \(link) of the chain did not resume")
            let received = try #require(next, "connection \(link) left no session")
            #expect(received.isResumable)
            // Compared as a Bool, so a failure does not print two 250-byte tickets.
            let fresh = !received.ticket.isEmpty && received.ticket != offered.ticket
            #expect(fresh, "connection \(link) received no fresh ticket")
            offered = received
        }
    }

    /// TLS 1.2 clients may offer a ticket again (RFC 5077 §3.3), so one under the current key is
    /// not reissued; the chain keeps resuming with it.
    @Test func tls12ResumedConnection_keepsResumingInAChain() throws {
        let server = try Contexts.server()
        let client = try Contexts.client(TLSClientOptions(maximumVersion: .tls1_2))
        var offered = try firstSession(server: server, client: client)
        for link in 1...3 {
            let (reused, next) = try resumes(offered, server: server, client: client)
            #expect(reused, "connection \(link) of the chain did not resume")
            offered = try #require(next, "connection \(link) left no session")
            #expect(!offered.ticket.isEmpty)
        }
    }

    @Test(arguments: [TLSVersion.tls1_2, .tls1_3])
    func ticket_fromThePreviousKeyResumesAndOneTwoKeysOldDoesNot(version: TLSVersion) throws {
        let server = try Contexts.server()
        let client = try Contexts.client(TLSClientOptions(maximumVersion: version))
        let saved = try firstSession(server: server, client: client)
        server.rotateSessionTicketKeys()
        let afterOne = try resumes(saved, server: server, client: client)
        #expect(afterOne.reused)
        server.rotateSessionTicketKeys()
        // The first key is gone: a full handshake instead, which still succeeds.
        #expect(try resumes(saved, server: server, client: client).reused == false)
        // The ticket reissued under the second key (now the previous one) still resumes.
        let renewed = try #require(afterOne.next)
        #expect(try resumes(renewed, server: server, client: client).reused)
    }

    @Test func ticket_keysRotateByThemselvesWhenTheirTimeIsUp() throws {
        let keys = TLSSessionTicketKeys(rotationSeconds: 1)
        let first = try #require(keys.sealingKey())
        // Move the deadline back instead of waiting: just due, then more than a period overdue.
        let now = SystemClock.monotonicMilliseconds()
        keys.ring.withLock { $0.rotatesAt = now - 1 }
        let second = try #require(keys.sealingKey())
        #expect(second.bytes != first.bytes)
        #expect(first.bytes.withUnsafeBufferPointer { keys.openingKey(named: $0.baseAddress!)?.isCurrent } == false)
        keys.ring.withLock { $0.rotatesAt = now - 10_000 }
        _ = keys.sealingKey()
        #expect(first.bytes.withUnsafeBufferPointer { keys.openingKey(named: $0.baseAddress!) } == nil)
        #expect(second.bytes.withUnsafeBufferPointer { keys.openingKey(named: $0.baseAddress!) } == nil)
    }

    @Test func ticketKeys_sharedWithANewContextStillResume() throws {
        let keys = TLSSessionTicketKeys()
        let old = try Contexts.server(options: TLSServerOptions(ticketKeys: keys))
        let client = try Contexts.client()
        let saved = try firstSession(server: old, client: client)
        let reloaded = try Contexts.server(options: TLSServerOptions(ticketKeys: keys))
        #expect(try resumes(saved, server: reloaded, client: client).reused)
        let unrelated = try Contexts.server()
        #expect(try resumes(saved, server: unrelated, client: client).reused == false)
    }

    @Test func sessionCache_resumesTLS12ClientsWithoutTickets() throws {
        let server = try Contexts.server()
        let client = try Contexts.client(TLSClientOptions(maximumVersion: .tls1_2, sessionTickets: false))
        let saved = try firstSession(server: server, client: client)
        // Rotating ticket keys does not touch the session-ID cache.
        server.rotateSessionTicketKeys()
        server.rotateSessionTicketKeys()
        #expect(try resumes(saved, server: server, client: client).reused)
    }

    @Test func sessionCache_isPerContext() throws {
        let client = try Contexts.client(TLSClientOptions(maximumVersion: .tls1_2, sessionTickets: false))
        let saved = try firstSession(server: try Contexts.server(), client: client)
        #expect(try resumes(saved, server: try Contexts.server(), client: client).reused == false)
    }
}
