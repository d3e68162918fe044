import Protection
import Synchronization

/// A bounded, thread-safe map for answers already worked out (password checks, remembered
/// `Authorization` values): when full, the oldest entries are dropped first. Password checks are
/// keyed by a digest of the user's stored hash (a reload that changes it never hits; one that
/// leaves it alone keeps the answer), remembered `Authorization` values by the file's generation.
final class BoundedCache<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    private struct State {
        var entries: [Key: Value] = [:]
        var order: [Key] = []
        var head = 0
    }

    private let capacity: Int
    private let state = Mutex(State())

    init(capacity: Int) {
        self.capacity = max(1, capacity)
    }

    func lookup(_ key: Key) -> Value? {
        state.withLock { $0.entries[key] }
    }

    func store(_ key: Key, _ value: Value) {
        state.withLock { s in
            if s.entries.updateValue(value, forKey: key) != nil { return }
            if s.order.count < capacity {
                s.order.append(key)
            } else {
                s.entries.removeValue(forKey: s.order[s.head])
                s.order[s.head] = key
                s.head = (s.head + 1) % capacity
            }
        }
    }

    var count: Int { state.withLock { $0.entries.count } }
}

/// Verified credentials: keyed digest of user and password → the check's answer.
typealias CredentialCache = BoundedCache<CredentialKey, PasswordCheck>
