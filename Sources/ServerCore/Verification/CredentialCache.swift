import Protection
import Synchronization

/// A bounded cache of password checks already made (right and wrong), so repeat requests are
/// answered without hashing. Entries die with the password file's generation; when full, the
/// oldest entries are dropped first.
final class CredentialCache: Sendable {
    /// The most entries kept.
    static let defaultCapacity = 8192

    private struct State {
        var entries: [CredentialKey: PasswordCheck] = [:]
        var order: [CredentialKey] = []
        var head = 0
    }

    private let capacity: Int
    private let state = Mutex(State())

    init(capacity: Int = CredentialCache.defaultCapacity) {
        self.capacity = max(1, capacity)
    }

    func lookup(_ key: CredentialKey) -> PasswordCheck? {
        state.withLock { $0.entries[key] }
    }

    func store(_ key: CredentialKey, _ check: PasswordCheck) {
        state.withLock { s in
            if s.entries.updateValue(check, forKey: key) != nil { return }
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
