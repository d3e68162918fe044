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
