import HTTPWire
import Protection
import Synchronization
import Testing
@testable import ServerCore

/// The failure throttle and the hash queue through a loop's services (issue 16, items 1 and 9):
/// requests from several client addresses, hashes counted and ordered, no sockets.
@Suite(.timeLimit(.minutes(1)))
struct LoginThrottleServicesTests {
    static func get(_ userPass: String) -> String {
        "GET /team/doc.html HTTP/1.1\r\nHost: x\r\nAuthorization: \(basic(userPass))\r\n\r\n"
    }

    static func status(_ loop: TestLoop, _ userPass: String, from address: String) async throws -> Int {
        let plan = try await loop.settledPlan(get(userPass), from: address)
        plan.discard()
        return plan.head.status.code
    }

    /// Through the loop's services: failures are counted without hashing again, the 11th attempt
    /// gets 429, and credentials already verified still get in.
    @Test func answers429AfterTenFailuresButNotToVerifiedCredentials() async throws {
        let tree = try TempTree()
        let loop = try TestLoop(tree, throttle: FailureThrottle())
        #expect(try await Self.status(loop, "ann:annpw", from: "127.0.0.1") == 200)
        for i in 0..<10 { #expect(try await Self.status(loop, "ann:wrong\(i)", from: "127.0.0.1") == 401) }
        #expect(try await Self.status(loop, "ann:wrong-again", from: "127.0.0.1") == 429)
        #expect(try await Self.status(loop, "bob:bobpw", from: "127.0.0.1") == 429)   // not verified before: no hashing for this address
        #expect(try await Self.status(loop, "ann:annpw", from: "127.0.0.1") == 200)   // verified before: never slowed
    }

    /// The lock-out attack: ten wrong passwords for ann from 127.0.0.2 put that address over its
    /// limit (429 for it, whatever the user), but the real user's correct password from
    /// 127.0.0.1 still gets in, and does not count as a failure of the name.
    @Test func wrongPasswordsFromOneAddress_doNotLockTheRealUserOut() async throws {
        let loop = try TestLoop(try TempTree())
        for i in 0..<10 { #expect(try await Self.status(loop, "ann:guess\(i)", from: "127.0.0.2") == 401) }
        #expect(try await Self.status(loop, "ann:guess10", from: "127.0.0.2") == 429)
        #expect(try await Self.status(loop, "bob:bobpw", from: "127.0.0.2") == 429)
        #expect(try await Self.status(loop, "ann:annpw", from: "127.0.0.1") == 200)
        #expect(try await Self.status(loop, "ann:annpw", from: "127.0.0.1") == 200)
    }

    /// Past the name's limit, wrong passwords from other addresses are slowed, not refused: each
    /// gets its 401, and the second of them waits for the name's next turn (a second later), so
    /// another user's login sent after both finishes first.
    @Test func aNameOverItsLimit_isPacedForOtherAddressesNotRefused() async throws {
        let loop = try TestLoop(try TempTree())
        for i in 0..<10 { #expect(try await Self.status(loop, "ann:guess\(i)", from: "127.0.0.2") == 401) }
        let outcomes = try await loop.concurrently([
            (Self.get("ann:third"), "127.0.0.3"),
            (Self.get("ann:fourth"), "127.0.0.4"),
            (Self.get("bob:bobpw"), "127.0.0.5"),
        ])
        #expect(outcomes.map(\.status) == [401, 401, 200])
        let fourth = try #require(outcomes[1].finished), bob = try #require(outcomes[2].finished)
        #expect(bob < fourth, "the paced attempt did not wait for the name's next turn")
        // One place per address in the name's queue: a second attempt from 127.0.0.3 while its
        // first is queued waits (429) — for that address only.
        let twice = try await loop.concurrently([
            (Self.get("ann:fifth"), "127.0.0.3"),
            (Self.get("ann:sixth"), "127.0.0.3"),
            (Self.get("ann:annpw"), "127.0.0.1"),
        ])
        #expect(twice.map(\.status) == [401, 429, 200])
        #expect(twice[1].finished == nil && twice[1].plan.header("Retry-After") != nil)
        for outcome in outcomes + twice { outcome.plan.discard() }
    }

    /// A failure counts when its hash is queued: of eight concurrent wrong logins from one
    /// address with `AuthFailureLimit 3`, three are hashed and five get 429 at once; the three
    /// count once each.
    @Test func concurrentWrongLogins_countWhenQueued() async throws {
        let tree = try TempTree(conf: "AuthFailureLimit 3\n" + TempTree.defaultConf)
        let throttle = FailureThrottle()
        let verifier = CachingVerifier()
        let loop = try TestLoop(tree, throttle: throttle, verifier: verifier)
        let outcomes = try await loop.concurrently((0..<8).map { (Self.get("ann:guess\($0)"), "127.0.0.2") })
        #expect(outcomes.map(\.status) == [401, 401, 401, 429, 429, 429, 429, 429])
        #expect(verifier.hashCount == 3)
        #expect(throttle.failures(address: ClientAddress(parsing: "127.0.0.2")!, now: loop.context.loop.now, window: 60_000) == 3)
        #expect(try await Self.status(loop, "ann:annpw", from: "127.0.0.1") == 200)
        for outcome in outcomes { outcome.plan.discard() }
    }

    /// At most four hashes per address are queued or running: the fifth and sixth concurrent
    /// wrong logins get 429 with `Retry-After` without being queued, and another address is not
    /// affected.
    @Test func hashesPerAddress_areBounded() async throws {
        let verifier = CachingVerifier()
        let loop = try TestLoop(try TempTree(), verifier: verifier)
        let outcomes = try await loop.concurrently((0..<6).map { (Self.get("ann:guess\($0)"), "127.0.0.2") } + [(Self.get("bob:bobpw"), "127.0.0.1")])
        #expect(outcomes.map(\.status) == [401, 401, 401, 401, 429, 429, 200])
        #expect(outcomes[4].plan.header("Retry-After") == "1")
        #expect(verifier.hashCount == 5)
        for outcome in outcomes { outcome.plan.discard() }
    }

    /// Fair service: with one hashing thread and four wrong logins queued from 127.0.0.2, a
    /// valid login from 127.0.0.1 sent after them is hashed before the end of that backlog.
    @Test func aValidLoginFromAnotherAddress_doesNotWaitBehindABacklog() async throws {
        let loop = try TestLoop(try TempTree(), verifier: CachingVerifier(poolSize: 1))
        let flood = (0..<4).map { (Self.get("ann:guess\($0)"), "127.0.0.2") }
        let outcomes = try await loop.concurrently(flood + [(Self.get("bob:bobpw"), "127.0.0.1")])
        #expect(outcomes.map(\.status) == [401, 401, 401, 401, 200])
        let bob = try #require(outcomes[4].finished)
        // First in, first out would make bob last; a loaded machine may finish a hash or two
        // before bob is even submitted, so "not last" is what the fairness guarantees.
        #expect(bob < 4, "bob finished \(bob + 1)th of 5")
        for outcome in outcomes { outcome.plan.discard() }
    }
}
