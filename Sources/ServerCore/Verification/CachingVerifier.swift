import Dispatch
import Protection
import Synchronization

/// The server's `PasswordVerifier`: answers from the credential cache, and on a miss answers
/// `.pending` and hashes on a small pool of threads, never on an event loop. When the hash is
/// done the waiting connections are resumed (each on its own loop) and route again — by then the
/// cache knows. The verifier outlives reloads, and an answer stays valid as long as the user's
/// stored hash is unchanged (`CredentialKey.Basis`), so a reload forgets only who it must.
public final class CachingVerifier: PasswordVerifier, Sendable {
    /// Threads that hash passwords.
    public static let defaultPoolSize = 2

    private let cache: CredentialCache
    /// A small first-level cache of this loop's own (set for per-loop verifiers), so loops do
    /// not take one shared lock on every credentialed request.
    private let local: CredentialCache?
    /// `Authorization` values that verified on this loop (per-loop verifiers only).
    private let headers: BoundedCache<CredentialKey, String>?
    private let queues: [DispatchQueue]
    private let waiting = Mutex<[CredentialKey: [@Sendable () -> Void]]>([:])
    private let hasher = HashingVerifier()

    /// Makes a verifier with a pool of `poolSize` hashing threads.
    public init(poolSize: Int = CachingVerifier.defaultPoolSize, capacity: Int = 8192) {
        self.cache = CredentialCache(capacity: capacity)
        self.local = nil
        self.headers = nil
        // Serial queues, one per pool thread: a flood of misses queues up instead of spawning
        // threads.
        self.queues = (0..<max(1, poolSize)).map { DispatchQueue(label: "gatehouse.verifier.\($0)") }
    }

    /// A verifier for one event loop: its own first-level cache in front of `shared`'s cache
    /// and hashing pool.
    public init(sharing shared: CachingVerifier, localCapacity: Int = 1024) {
        self.cache = shared.cache
        self.queues = shared.queues
        self.local = CredentialCache(capacity: localCapacity)
        self.headers = BoundedCache(capacity: localCapacity)
    }

    /// Cached answer, or `.pending`.
    public func verify(user: String, password: [UInt8], in file: PasswordFile) -> PasswordCheck {
        let key = CredentialKey(user: user, password: password, file: file)
        if let local {
            if let answer = local.lookup(key) { return answer }
            guard let answer = cache.lookup(key) else { return .pending }
            local.store(key, answer)
            return answer
        }
        return cache.lookup(key) ?? .pending
    }

    /// The user a remembered `Authorization` value verified as (per-loop verifiers only).
    public func rememberedUser(forHeader header: String, in file: PasswordFile) -> String? {
        guard let headers else { return nil }
        return headers.lookup(CredentialKey(authorization: header, file: file))
    }

    /// Remembers a value that verified (per-loop verifiers only).
    public func remember(header: String, verifiedAs user: String, in file: PasswordFile) {
        headers?.store(CredentialKey(authorization: header, file: file), user)
    }

    /// Hashes a credential off the calling thread and calls `resume` once the cache holds the
    /// answer. Concurrent requests for the same credential share one hash.
    public func verifyInBackground(user: String, password: [UInt8], file: PasswordFile, resume: @escaping @Sendable () -> Void) {
        let key = CredentialKey(user: user, password: password, file: file)
        if cache.lookup(key) != nil {
            resume()
            return
        }
        let first = waiting.withLock { w -> Bool in
            let isFirst = w[key] == nil
            w[key, default: []].append(resume)
            return isFirst
        }
        guard first else { return }
        let queue = queues[Int(key.digest.low % UInt64(queues.count))]
        queue.async { [self] in
            let answer = hasher.verify(user: user, password: password, in: file)
            cache.store(key, answer)
            let resumes = waiting.withLock { $0.removeValue(forKey: key) ?? [] }
            for r in resumes { r() }
        }
    }

    /// Entries in the cache (for tests and stats).
    public var cachedCount: Int { cache.count }
}
