import Protection
import RequestPolicy
import Synchronization

/// Counts failed logins per client address and per user name in fixed windows, and the hashes
/// each address has in flight, so that guessing costs the guesser and not the user:
///
/// - An address over its own limit gets 429 with `Retry-After`, without hashing, until its
///   window ends (as fail2ban bans an address, not an account).
/// - A failure counts from the moment its hash is queued (`admit`), so a burst of concurrent
///   wrong logins trips the limit after `limit` of them; the count is withdrawn if the password
///   verifies, so a correct password never counts.
/// - An address may have `hashesPerAddress` hashes queued or running; past that, 429.
/// - A user name over its limit is never refused by name alone — that would let anyone lock a
///   user out by guessing wrong. Its attempts from addresses that are not over their own limit are
///   hashed in the name's paced queue (one hash per name per second, `HashScheduler`), in order.
///
/// A success resets no window. Resetting the address's window would let an attacker who holds one
/// valid account interleave its own logins between guesses and never reach the limit; resetting
/// the name's would let the real user's login end the pacing of an attack still going on. So a
/// success only withdraws its own provisional failure, and windows end with time alone.
///
/// Credentials already verified (answered from the cache) never get here, and a lock ends at most
/// one window after the last failure that caused it.
public final class FailureThrottle: Sendable {
    /// Entries remembered per map; expired ones are dropped when it fills.
    public static let capacity = 100_000
    /// Hashes one address may have queued or running at once (beyond: 429, `Retry-After: 1`);
    /// a browser sends one login at a time, and identical credentials share one hash.
    public static let hashesPerAddress = 4

    private struct Window {
        var start: Int64
        var count: Int
    }

    private struct State {
        var byAddress: [ClientAddress: Window] = [:]
        var byUser: [String: Window] = [:]
        /// Counted hashes queued or running, per address (no entry at zero).
        var inFlight: [ClientAddress: Int] = [:]
        /// The addresses holding a place in a paced name's queue (no entry when empty).
        var places: [String: Set<ClientAddress>] = [:]
    }

    private let state = Mutex(State())

    /// An empty throttle.
    public init() {}

    /// Whether a password for `user` from `address` may be hashed now (`now` and `window` in
    /// milliseconds). `joining`: an identical credential is already being hashed, so this one
    /// costs nothing and takes no place. An admitted attempt counts as a failure of the address
    /// and the name at once; `settle` withdraws it if the password verifies.
    ///
    /// Past the name's limit the attempt is paced, and an address may hold one place in a name's
    /// queue; a second attempt for the same name from the same address gets 429 (for that
    /// address only). That cannot lock out the real user: a correct password from an address
    /// not over its own limit always gets a place, and the queue is served in arrival order
    /// with at most one place per address, so its turn comes after at most one second per other
    /// address queued ahead — and each of those addresses stops getting places once its own
    /// failures reach the limit. Every place is an open connection waiting for its answer, so the
    /// connection limits (`MaxConnections`, `MaxConnectionsPerAddress`) bound the queue.
    public func admit(address: ClientAddress, user: String, joining: Bool, now: Int64, limit: Int, window: Int64) -> LoginAdmission {
        state.withLock { s in
            if let wait = FailureThrottle.wait(s.byAddress[address], now: now, limit: limit, window: window) {
                return .wait(seconds: wait)
            }
            if joining { return .hash(.uncounted) }
            if s.inFlight[address, default: 0] >= FailureThrottle.hashesPerAddress { return .wait(seconds: 1) }
            let paced = FailureThrottle.wait(s.byUser[user], now: now, limit: limit, window: window) != nil
            if paced {
                let queued = s.places[user, default: []]
                if queued.contains(address) { return .wait(seconds: Int(min(Int64(queued.count), max(1, window / 1000)))) }
                s.places[user, default: []].insert(address)
            }
            s.inFlight[address, default: 0] += 1
            FailureThrottle.bump(&s.byAddress, address, now: now, window: window)
            FailureThrottle.bump(&s.byUser, user, now: now, window: window)
            return .hash(LoginAdmission.Ticket(counted: true, paced: paced, admittedAt: now))
        }
    }

    /// Credentials already known to be wrong (no hash): seconds `address` must wait when it is
    /// over its limit, else nil, and the failure is counted for the address and `user`.
    public func refuse(address: ClientAddress, user: String?, now: Int64, limit: Int, window: Int64) -> Int? {
        state.withLock { s in
            if let wait = FailureThrottle.wait(s.byAddress[address], now: now, limit: limit, window: window) { return wait }
            FailureThrottle.bump(&s.byAddress, address, now: now, window: window)
            if let user { FailureThrottle.bump(&s.byUser, user, now: now, window: window) }
            return nil
        }
    }

    /// The hash `ticket` was issued for is done: its places are given back, and when the password
    /// verified, its provisional failure is withdrawn from the address's and the name's windows
    /// (when they are still the windows that counted it: a window that ended meanwhile already
    /// forgot it, and a later one never held it).
    public func settle(_ ticket: LoginAdmission.Ticket, address: ClientAddress, user: String, verified: Bool) {
        guard ticket.counted else { return }
        state.withLock { s in
            if let n = s.inFlight[address] { s.inFlight[address] = n > 1 ? n - 1 : nil }
            if ticket.paced, var queued = s.places[user] {
                queued.remove(address)
                s.places[user] = queued.isEmpty ? nil : queued
            }
            if verified {
                FailureThrottle.withdraw(&s.byAddress, address, countedAt: ticket.admittedAt)
                FailureThrottle.withdraw(&s.byUser, user, countedAt: ticket.admittedAt)
            }
        }
    }

    /// Failures counted for `address` in its window (for tests and stats).
    public func failures(address: ClientAddress, now: Int64, window: Int64) -> Int {
        state.withLock { s in s.byAddress[address].map { now - $0.start < window ? $0.count : 0 } ?? 0 }
    }

    /// Seconds (at least 1) until a window over its limit ends, or nil when it is not over.
    private static func wait(_ window: Window?, now: Int64, limit: Int, window length: Int64) -> Int? {
        guard let window, now - window.start < length, window.count >= limit else { return nil }
        return Int(max(1, (window.start + length - now + 999) / 1000))
    }

    /// Takes back one failure counted at `countedAt`, if the window holding `key` counted it.
    private static func withdraw<K: Hashable>(_ map: inout [K: Window], _ key: K, countedAt: Int64) {
        guard var w = map[key], w.start <= countedAt, w.count > 0 else { return }
        w.count -= 1
        map[key] = w
    }

    private static func bump<K: Hashable>(_ map: inout [K: Window], _ key: K, now: Int64, window: Int64) {
        if map.count >= capacity { map = map.filter { now - $0.value.start < window } }
        if var w = map[key], now - w.start < window {
            w.count += 1
            map[key] = w
        } else {
            map[key] = Window(start: now, count: 1)
        }
    }
}
