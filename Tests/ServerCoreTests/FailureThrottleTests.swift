import HTTPWire
import Protection
import RequestPolicy
import Testing
@testable import ServerCore

struct FailureThrottleTests {
    let a = ClientAddress(parsing: "10.0.0.1")!
    let b = ClientAddress(parsing: "10.0.0.2")!

    /// Admits `user`'s password from `address` (limit 3, window 60 s) and, when hashed, settles
    /// it as a wrong password; the admission.
    @discardableResult
    func wrongLogin(_ t: FailureThrottle, from address: ClientAddress, user: String, now: Int64) -> LoginAdmission {
        let admission = t.admit(address: address, user: user, joining: false, now: now, limit: 3, window: 60_000)
        if case .hash(let ticket) = admission { t.settle(ticket, address: address, user: user, verified: false) }
        return admission
    }

    @Test func blocksAnAddressAfterTheLimitForTheRestOfTheWindow() {
        let t = FailureThrottle()
        for i in 0..<3 {
            #expect(wrongLogin(t, from: a, user: "u\(i)", now: 1000) != .wait(seconds: 59))
        }
        #expect(wrongLogin(t, from: a, user: "x", now: 2000) == .wait(seconds: 59))
        #expect(t.refuse(address: a, user: "x", now: 2000, limit: 3, window: 60_000) == 59)
        #expect(wrongLogin(t, from: b, user: "x", now: 2000) == .hash(LoginAdmission.Ticket(counted: true, paced: false, admittedAt: 2000)))
        #expect(t.admit(address: a, user: "x", joining: false, now: 61_001, limit: 3, window: 60_000) != .wait(seconds: 1))
    }

    /// A name attacked from many addresses is never refused by name alone: another address is
    /// paced (one place per name), and only a second attempt for it from that address waits.
    @Test func pacesAUserAttackedFromManyAddressesInsteadOfRefusingIt() {
        let t = FailureThrottle()
        for i in 0..<3 { wrongLogin(t, from: ClientAddress(bytes: [10, 0, 1, UInt8(i)]), user: "ann", now: 0) }
        let first = t.admit(address: b, user: "ann", joining: false, now: 10, limit: 3, window: 60_000)
        #expect(first == .hash(LoginAdmission.Ticket(counted: true, paced: true, admittedAt: 10)))
        #expect(t.admit(address: b, user: "ann", joining: false, now: 10, limit: 3, window: 60_000) == .wait(seconds: 1))
        #expect(t.admit(address: b, user: "ann", joining: true, now: 10, limit: 3, window: 60_000) == .hash(.uncounted))
        #expect(t.admit(address: b, user: "bob", joining: false, now: 10, limit: 3, window: 60_000)
                == .hash(LoginAdmission.Ticket(counted: true, paced: false, admittedAt: 10)))
        if case .hash(let ticket) = first { t.settle(ticket, address: b, user: "ann", verified: false) }
        #expect(t.admit(address: b, user: "ann", joining: false, now: 20, limit: 3, window: 60_000)
                == .hash(LoginAdmission.Ticket(counted: true, paced: true, admittedAt: 20)))
        #expect(t.admit(address: a, user: "ann", joining: false, now: 60_000, limit: 3, window: 60_000)
                == .hash(LoginAdmission.Ticket(counted: true, paced: false, admittedAt: 60_000)))
    }

    /// A failure counts when it is queued and is withdrawn when the password verifies; a
    /// success resets nothing else.
    @Test func countsAFailureWhenQueuedAndWithdrawsItOnSuccess() {
        let t = FailureThrottle()
        wrongLogin(t, from: a, user: "ann", now: 0)
        let admission = t.admit(address: a, user: "ann", joining: false, now: 5, limit: 3, window: 60_000)
        #expect(t.failures(address: a, now: 5, window: 60_000) == 2)
        if case .hash(let ticket) = admission { t.settle(ticket, address: a, user: "ann", verified: true) }
        #expect(t.failures(address: a, now: 6, window: 60_000) == 1)
        // A ticket from an earlier window is not withdrawn from a later one.
        let old = t.admit(address: b, user: "bob", joining: false, now: 0, limit: 3, window: 60_000)
        wrongLogin(t, from: b, user: "bob", now: 70_000)
        if case .hash(let ticket) = old { t.settle(ticket, address: b, user: "bob", verified: true) }
        #expect(t.failures(address: b, now: 70_000, window: 60_000) == 1)
    }

    /// At most `hashesPerAddress` hashes per address are queued or running; the next waits.
    @Test func boundsTheHashesInFlightPerAddress() {
        let t = FailureThrottle()
        var tickets: [LoginAdmission.Ticket] = []
        for i in 0..<FailureThrottle.hashesPerAddress {
            guard case .hash(let ticket) = t.admit(address: a, user: "u\(i)", joining: false, now: 0, limit: 100, window: 60_000) else {
                Issue.record("hash \(i) refused")
                return
            }
            tickets.append(ticket)
        }
        #expect(t.admit(address: a, user: "x", joining: false, now: 0, limit: 100, window: 60_000) == .wait(seconds: 1))
        #expect(t.admit(address: b, user: "x", joining: false, now: 0, limit: 100, window: 60_000) != .wait(seconds: 1))
        t.settle(tickets[0], address: a, user: "u0", verified: false)
        #expect(t.admit(address: a, user: "x", joining: false, now: 0, limit: 100, window: 60_000) != .wait(seconds: 1))
    }
}
