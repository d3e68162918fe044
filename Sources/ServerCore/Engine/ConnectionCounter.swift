import Synchronization

/// The number of open connections across every loop, for the `MaxConnections` cap.
final class ConnectionCounter: Sendable {
    private let value = Atomic<Int>(0)

    /// Counts one more; returns the new total.
    func increment() -> Int { value.add(1, ordering: .relaxed).newValue }

    /// Counts one fewer.
    func decrement() { value.subtract(1, ordering: .relaxed) }

    /// The current total.
    var current: Int { value.load(ordering: .relaxed) }
}
