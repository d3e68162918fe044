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

    /// Through the loop's services: failures are counted without hashing again, the 11th attempt
    /// gets 429, and credentials already verified still get in.
    @Test func servicesAnswer429AfterTenFailuresButNotToVerifiedCredentials() async throws {
        let tree = try TempTree()
        let loop = try TestLoop(tree, throttle: FailureThrottle())
        func status(_ userPass: String) async throws -> Int {
            let plan = try await loop.settledPlan("GET /team/doc.html HTTP/1.1\r\nHost: x\r\nAuthorization: \(basic(userPass))\r\n\r\n")
            plan.discard()
            return plan.head.status.code
        }
        #expect(try await status("ann:annpw") == 200)
        for i in 0..<10 { #expect(try await status("ann:wrong\(i)") == 401) }
        #expect(try await status("ann:wrong-again") == 429)
        #expect(try await status("bob:bobpw") == 429)      // not verified before: no hashing for this address
        #expect(try await status("ann:annpw") == 200)      // verified before: never slowed
    }
}
