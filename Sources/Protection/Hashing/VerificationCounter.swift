import Synchronization

/// Counts the password checks `PasswordHash.verify(_:)` computes while a scope runs on the
/// current task (a task-local, so checks made by other tasks and threads at the same time are
/// not counted). It lets a test show that refusing an unknown user really computes a hash —
/// the timing of a refusal is what must not tell users apart, and timing itself is measured by
/// `Benchmarks/timing`, not asserted. Nothing in the product reads it.
public final class VerificationCounter: Sendable {
    private let count = Mutex(0)

    /// Makes a counter at zero.
    public init() {}

    /// The checks counted so far.
    public var value: Int { count.withLock { $0 } }

    /// Runs `body` with every check it makes on this task counted here.
    public func counting<T>(_ body: () throws -> T) rethrows -> T {
        try VerificationCounter.$current.withValue(self, operation: body)
    }

    /// The counter of the running scope, if any.
    @TaskLocal static var current: VerificationCounter?

    /// Counts one check in the running scope.
    static func note() {
        current?.count.withLock { $0 += 1 }
    }
}
