import Protection
import Synchronization
import Transport

/// Holds the configuration in force and replaces it on reload. Loops compare its generation on
/// every request without a lock and take the lock only to fetch a new state; a file that fails
/// to parse leaves the last good state in force.
public final class ProtectionStore: Sendable {
    /// The rule file every snapshot starts from.
    public let configPath: String
    /// Shared ACL cache.
    public let acls: ACLCache
    /// Shared password verifier.
    public let verifier: CachingVerifier
    /// What the listeners contribute to every configuration's request policy.
    private let facts: Mutex<ServedState.Facts>

    private struct Current {
        var state: ServedState
        var stamps: [String: FileStamp?]
    }

    private let current: Mutex<Current>
    /// The generation in force, readable without the lock: loops compare it on every request
    /// and fetch the state (under the lock) only when it changed.
    private let currentGeneration = Atomic<Int>(1)

    /// Loads the configuration for the first time; throws its errors.
    public init(configPath: String, verifier: CachingVerifier = CachingVerifier(), facts: ServedState.Facts = .init()) throws(ProtectionFileError) {
        self.configPath = configPath
        self.acls = ACLCache()
        self.verifier = verifier
        self.facts = Mutex(facts)
        let snapshot = try ProtectionLoader.load(configPath: configPath, from: DiskFileSystem())
        let state = ServedState(snapshot: snapshot, acls: acls, verifier: verifier, generation: 1, facts: facts)
        self.current = Mutex(Current(state: state, stamps: ProtectionStore.stamps(of: state)))
    }

    /// The state in force.
    public var state: ServedState { current.withLock { $0.state } }

    /// The generation of the state in force (lock-free).
    public var generation: Int { currentGeneration.load(ordering: .acquiring) }

    /// What a reload attempt did.
    public enum ReloadResult: Sendable {
        /// Nothing changed on disk.
        case unchanged
        /// A new configuration is in force.
        case reloaded(generation: Int, warnings: [Diagnostic])
        /// The files changed but do not load; the previous configuration stays in force.
        case failed([Diagnostic])
    }

    /// Reloads when any file the configuration was built from changed (or always, with `force`).
    /// A failed load is not retried until a file changes again. Files are stamped *before* they
    /// are read, so an edit landing during the read is seen by the next check. A password file
    /// that had users and now has none, and was written in the last `settleSeconds`, is taken for
    /// an in-place rewrite caught half-way (a truncate, then the write): the reload waits, the
    /// last good configuration stays, and the next check tries again (an emptying that is still
    /// there once the file has settled is meant, and applies).
    public func reloadIfChanged(force: Bool = false) -> ReloadResult {
        let (old, oldStamps) = current.withLock { ($0.state, $0.stamps) }
        var newStamps: [String: FileStamp?] = [:]
        for path in oldStamps.keys { newStamps[path] = FileStamp(path: path) }
        guard force || newStamps != oldStamps else { return .unchanged }
        do {
            let snapshot = try ProtectionLoader.load(configPath: configPath, from: DiskFileSystem())
            if let emptied = ProtectionStore.emptiedPasswordFile(old: old.snapshot, new: snapshot) {
                return .failed([Diagnostic(.error, at: SourceLocation(path: emptied, line: 0),
                                           "has no users any more (a rewrite in progress?); the previous users stay in force")])
            }
            let state = ServedState(snapshot: snapshot, acls: acls, verifier: verifier, generation: old.generation + 1,
                                    facts: facts.withLock { $0 })
            // Files read for the first time are stamped now; the others keep the stamp taken
            // before they were read.
            var stamps = ProtectionStore.stamps(of: state)
            for (path, stamp) in newStamps where stamps[path] != nil { stamps[path] = stamp }
            current.withLock { $0 = Current(state: state, stamps: stamps) }
            currentGeneration.store(state.generation, ordering: .releasing)
            return .reloaded(generation: state.generation, warnings: snapshot.warnings + state.problems.map {
                Diagnostic(.warning, at: SourceLocation(path: snapshot.ruleFile.path, line: 0), $0)
            })
        } catch {
            // Remember what we saw so the same broken edit is reported once, not every second.
            current.withLock { $0.stamps.merge(newStamps) { _, new in new } }
            return .failed(error.diagnostics)
        }
    }

    /// How long a password file that was just emptied is given to settle.
    public static let settleSeconds: Int64 = 5
    private static let settleNanoseconds = settleSeconds * 1_000_000_000

    /// A password file the old configuration had users in and the new one has none in, written
    /// within the last `settleSeconds`.
    private static func emptiedPasswordFile(old: ProtectionSnapshot, new: ProtectionSnapshot) -> String? {
        let clock = SystemClock.wallClock()
        let now = clock.seconds * 1_000_000_000 + Int64(clock.nanoseconds)
        for (path, file) in new.passwordFiles where file.entries.isEmpty {
            guard let before = old.passwordFiles[path], !before.entries.isEmpty, let stamp = FileStamp(path: path),
                  now - (stamp.seconds * 1_000_000_000 + Int64(stamp.nanoseconds)) < settleNanoseconds else { continue }
            return path
        }
        return nil
    }

    /// Puts the listeners' facts (known once they are bound) into the configuration in force and
    /// every later one.
    public func adopt(_ newFacts: ServedState.Facts) {
        facts.withLock { $0 = newFacts }
        current.withLock { current in
            let old = current.state
            current.state = ServedState(snapshot: old.snapshot, acls: acls, verifier: verifier, generation: old.generation + 1, facts: newFacts)
            currentGeneration.store(current.state.generation, ordering: .releasing)
        }
    }

    private static func stamps(of state: ServedState) -> [String: FileStamp?] {
        var result: [String: FileStamp?] = [:]
        for path in state.snapshot.sourceFiles + state.auxiliaryFiles { result[path] = FileStamp(path: path) }
        return result
    }
}
