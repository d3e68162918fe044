import HTTPWire
import Protection
import Testing
@testable import ServerCore

struct FailureThrottleTests {
    let a = ClientAddress(parsing: "10.0.0.1")!
    let b = ClientAddress(parsing: "10.0.0.2")!

    @Test func blocksAnAddressAfterTheLimitForTheRestOfTheWindow() {
        let t = FailureThrottle()
        for i in 0..<3 {
            #expect(t.retryAfter(address: a, user: "u\(i)", now: 1000, limit: 3, window: 60_000) == nil)
            t.recordFailure(address: a, user: "u\(i)", now: 1000, window: 60_000)
        }
        #expect(t.retryAfter(address: a, user: "x", now: 2000, limit: 3, window: 60_000) == 59)
        #expect(t.retryAfter(address: b, user: "x", now: 2000, limit: 3, window: 60_000) == nil)
        #expect(t.retryAfter(address: a, user: "x", now: 61_001, limit: 3, window: 60_000) == nil)
    }

    @Test func blocksAUserAttackedFromManyAddressesOnlyForTheWindow() {
        let t = FailureThrottle()
        for i in 0..<3 {
            t.recordFailure(address: ClientAddress(bytes: [10, 0, 1, UInt8(i)]), user: "ann", now: 0, window: 60_000)
        }
        #expect(t.retryAfter(address: b, user: "ann", now: 10, limit: 3, window: 60_000) != nil)
        #expect(t.retryAfter(address: b, user: "bob", now: 10, limit: 3, window: 60_000) == nil)
        #expect(t.retryAfter(address: b, user: "ann", now: 60_000, limit: 3, window: 60_000) == nil)
    }

    /// Through the request handler: failures are counted without hashing again, the 11th attempt
    /// gets 429, and credentials already verified still get in.
    @Test func handlerAnswers429AfterTenFailuresButNotToVerifiedCredentials() async throws {
        let tree = try TempTree()
        let store = try ProtectionStore(configPath: tree.config)
        let throttle = FailureThrottle()
        let client = ClientAddress(parsing: "127.0.0.1")!
        func outcome(_ userPass: String) throws -> RequestHandler.Outcome {
            let head = try RequestHead(parsing: Array("GET /team/doc.html HTTP/1.1\r\nHost: x\r\nAuthorization: \(basic(userPass))\r\n\r\n".utf8))
            var handler = RequestHandler(state: store.state, date: "-")
            handler.throttle = throttle
            handler.now = 5_000
            return handler.handle(head, client: client)
        }
        func status(_ userPass: String) async throws -> Int {
            var result = try outcome(userPass)
            if case .verify(let u, let p, let f) = result {
                await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
                    store.verifier.verifyInBackground(user: u, password: p, file: f) { c.resume() }
                }
                result = try outcome(userPass)
            }
            guard case .respond(let plan) = result else { return -1 }
            if case .file(let fd, _, _) = plan.body { fd.closeIgnoringErrors() }
            return plan.head.status.code
        }
        #expect(try await status("ann:annpw") == 200)
        for i in 0..<10 { #expect(try await status("ann:wrong\(i)") == 401) }
        #expect(try await status("ann:wrong-again") == 429)
        #expect(try await status("bob:bobpw") == 429)      // not verified before: no hashing for this address
        #expect(try await status("ann:annpw") == 200)      // verified before: never slowed
    }
}
