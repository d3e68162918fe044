import Protection
import RequestPolicy

/// The server's `PasswordVerifier`: answers from the credential cache, and on a miss answers
/// `.pending` and hashes on a small pool of threads, never on an event loop, in the order its
/// `HashScheduler` gives (fair between addresses, paced for a user name under attack). When the
/// hash is done the throttle gets its ticket back and the waiting connections are resumed (each
/// on its own loop) and route again — by then the cache knows. Verified credentials are answered
/// from the cache and never wait behind a queue. The verifier outlives reloads, and an answer
/// stays valid as long as the user's stored hash is unchanged (`CredentialKey.Basis`), so a
/// reload forgets only who it must.
public final class CachingVerifier: PasswordVerifier, Sendable {
    /// Threads that hash passwords.
    public static let defaultPoolSize = 2
    /// How often a user name over its failure limit may have a password hashed (issue 16,
    /// item 1: one hash per name per second).
    public static let paceMilliseconds = 1000

    private let cache: CredentialCache
    /// A small first-level cache of this loop's own (set for per-loop verifiers), so loops do
    /// not take one shared lock on every credentialed request.
    private let local: CredentialCache?
    /// `Authorization` values that verified on this loop (per-loop verifiers only).
    private let headers: BoundedCache<CredentialKey, String>?
    private let scheduler: HashScheduler
    private let hasher = HashingVerifier()

    /// Makes a verifier with a pool of `poolSize` hashing threads.
    public init(poolSize: Int = CachingVerifier.defaultPoolSize, capacity: Int = 8192) {
        self.cache = CredentialCache(capacity: capacity)
        self.local = nil
        self.headers = nil
        self.scheduler = HashScheduler(threads: poolSize, paceMilliseconds: CachingVerifier.paceMilliseconds)
    }

    /// A verifier for one event loop: its own first-level cache in front of `shared`'s cache
    /// and hashing pool.
    public init(sharing shared: CachingVerifier, localCapacity: Int = 1024) {
        self.cache = shared.cache
        self.scheduler = shared.scheduler
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

    /// Hashes `pending`'s credential off the calling thread and calls `resume` once the cache
    /// holds the answer; `throttle` gets the ticket back first (the places it reserved, and the
    /// provisional failure if the password verified). Concurrent requests for the same credential
    /// share one hash.
    public func verifyInBackground(_ pending: PendingAnswer, throttle: FailureThrottle, resume: @escaping @Sendable () -> Void) {
        let ticket = pending.ticket, address = pending.client, user = pending.user
        verifyInBackground(user: user, password: pending.password, file: pending.file, from: address, paced: ticket.paced) { verified in
            throttle.settle(ticket, address: address, user: user, verified: verified)
            resume()
        }
    }

    /// Hashes a credential for a request from `address` (in the name's paced queue when `paced`)
    /// and calls `done` with whether it verified once the cache holds the answer.
    func verifyInBackground(user: String, password: [UInt8], file: PasswordFile, from address: ClientAddress, paced: Bool = false,
                            done: @escaping @Sendable (_ verified: Bool) -> Void) {
        let key = CredentialKey(user: user, password: password, file: file)
        if let answer = cache.lookup(key) {
            done(answer == .valid)
            return
        }
        let job = HashScheduler.Job(key: key, address: address, pacedName: paced ? user : nil) { [cache, hasher] in
            let answer = hasher.verify(user: user, password: password, in: file)
            cache.store(key, answer)
            return answer == .valid
        }
        scheduler.submit(job, waiter: done)
    }

    /// Whether this credential is being hashed now (a request with it waits for that hash).
    func isHashing(user: String, password: [UInt8], file: PasswordFile) -> Bool {
        scheduler.isHashing(CredentialKey(user: user, password: password, file: file))
    }

    /// Hashes started so far (for tests and stats).
    public var hashCount: Int { scheduler.startedCount }

    /// Entries in the cache (for tests and stats).
    public var cachedCount: Int { cache.count }
}
