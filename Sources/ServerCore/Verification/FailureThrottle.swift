import Protection
import Synchronization

/// Counts failed logins per client address and per user name in fixed windows, so a brute-force
/// attempt gets 429 with `Retry-After` instead of another password hash. Credentials already
/// verified (answered from the cache) are never throttled, and a lock ends at most one window
/// after the last failure that caused it.
public final class FailureThrottle: Sendable {
    /// Entries remembered per map; expired ones are dropped when it fills.
    public static let capacity = 100_000

    private struct Window {
        var start: Int64
        var count: Int
    }

    private struct State {
        var byAddress: [ClientAddress: Window] = [:]
        var byUser: [String: Window] = [:]
    }

    private let state = Mutex(State())

    /// An empty throttle.
    public init() {}

    /// Seconds until `address` (or `user`) may try again, or nil when not blocked.
    public func retryAfter(address: ClientAddress, user: String?, now: Int64, limit: Int, window: Int64) -> Int64? {
        state.withLock { s in
            var wait: Int64?
            if let w = s.byAddress[address], now - w.start < window, w.count >= limit { wait = w.start + window - now }
            if let user, let w = s.byUser[user], now - w.start < window, w.count >= limit {
                wait = max(wait ?? 0, w.start + window - now)
            }
            return wait.map { max(1, ($0 + 999) / 1000) }
        }
    }

    /// Counts one failed login.
    public func recordFailure(address: ClientAddress, user: String?, now: Int64, window: Int64) {
        state.withLock { s in
            FailureThrottle.bump(&s.byAddress, address, now: now, window: window)
            if let user { FailureThrottle.bump(&s.byUser, user, now: now, window: window) }
        }
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
