import Dispatch
import Protection
import Synchronization

/// The order in which password hashes run on the verifier's few threads, shared by every loop:
///
/// - **Fair between addresses.** Each client address has its own queue, and the threads take one
///   hash from each address with work in turn (round-robin), so a login from an address with
///   nothing queued waits for at most one hash per other busy address, never behind another
///   address's backlog (issue 16, item 9). How much one address may queue is the throttle's
///   business (`FailureThrottle.hashesPerAddress`).
/// - **Paced per user name.** An attempt the throttle marked paced (its user name is over the
///   failure limit) waits in that name's queue, in arrival order; one is let through when the
///   name's previous paced hash has finished and `pace` has passed since it started, so a name
///   under attack costs at most one hash per `pace`, and every attempt still gets its turn.
/// - **Shared.** Concurrent requests with identical credentials wait for one hash.
final class HashScheduler: Sendable {
    /// Told when the hash it waits for is done: whether the password verified.
    typealias Waiter = @Sendable (_ verified: Bool) -> Void

    /// One hash to run.
    struct Job: Sendable {
        /// The credential (identical ones share the job).
        let key: CredentialKey
        /// Whose queue it waits in.
        let address: ClientAddress
        /// The user name whose paced queue it passes through, when paced.
        let pacedName: String?
        /// Hashes, stores the answer, and says whether the password verified.
        let work: @Sendable () -> Bool
    }

    /// A paced name's queue.
    private struct PacedName {
        var waiting: [Job] = []
        /// A job let through has not finished yet.
        var running = false
        /// When the last job let through started (uptime nanoseconds).
        var lastStart: UInt64?
        /// A timer will look at the queue again.
        var timerArmed = false
    }

    private struct State {
        var waiters: [CredentialKey: [Waiter]] = [:]
        /// Runnable jobs per address (no entry when empty).
        var queues: [ClientAddress: [Job]] = [:]
        /// The addresses with runnable jobs, in the order they get their next turn.
        var turns: [ClientAddress] = []
        /// Jobs in `queues`.
        var runnable = 0
        /// Worker threads with nothing to do.
        var idle: [Int]
        var paced: [String: PacedName] = [:]
        /// Hashes started so far.
        var started = 0
    }

    /// What to do once the lock is released.
    private enum Effect {
        case wake(Int)
        case timer(String, at: UInt64)
    }

    private let workers: [DispatchQueue]
    private let pace: UInt64
    private let state: Mutex<State>

    /// A scheduler over `threads` hashing threads, letting a paced name through once per
    /// `paceMilliseconds`.
    init(threads: Int, paceMilliseconds: Int) {
        let count = max(1, threads)
        // Serial queues, one per thread: a flood of misses queues up instead of spawning threads.
        workers = (0..<count).map { DispatchQueue(label: "gatehouse.verifier.\($0)") }
        pace = UInt64(max(0, paceMilliseconds)) * 1_000_000
        state = Mutex(State(idle: Array(0..<count)))
    }

    /// Runs `job` (or joins an identical one already waiting or running) and tells `waiter`
    /// when it is done, on a hashing thread.
    func submit(_ job: Job, waiter: @escaping Waiter) {
        let now = DispatchTime.now().uptimeNanoseconds
        let effects = state.withLock { s -> [Effect] in
            if s.waiters[job.key] != nil {
                s.waiters[job.key]?.append(waiter)
                return []
            }
            s.waiters[job.key] = [waiter]
            var effects: [Effect] = []
            if let name = job.pacedName {
                s.paced[name, default: PacedName()].waiting.append(job)
                letThrough(name, &s, now: now, effects: &effects)
            } else {
                HashScheduler.enqueue(job, &s)
            }
            HashScheduler.wakeIdle(&s, effects: &effects)
            return effects
        }
        perform(effects)
    }

    /// Whether a hash of `key` is waiting or running.
    func isHashing(_ key: CredentialKey) -> Bool {
        state.withLock { $0.waiters[key] != nil }
    }

    /// Hashes started so far (for tests and stats).
    var startedCount: Int { state.withLock { $0.started } }

    // MARK: - Private

    private static func enqueue(_ job: Job, _ s: inout State) {
        if s.queues[job.address] == nil { s.turns.append(job.address) }
        s.queues[job.address, default: []].append(job)
        s.runnable += 1
    }

    /// Wakes as many idle threads as there are runnable jobs (at most).
    private static func wakeIdle(_ s: inout State, effects: inout [Effect]) {
        var runnable = s.runnable
        while runnable > 0, let worker = s.idle.popLast() {
            effects.append(.wake(worker))
            runnable -= 1
        }
    }

    /// The next job in round-robin order, or nil.
    private func next(_ s: inout State, now: UInt64) -> Job? {
        guard !s.turns.isEmpty else { return nil }
        let address = s.turns.removeFirst()
        guard var queue = s.queues[address], !queue.isEmpty else { return next(&s, now: now) }
        let job = queue.removeFirst()
        s.runnable -= 1
        if queue.isEmpty {
            s.queues[address] = nil
        } else {
            s.queues[address] = queue
            s.turns.append(address)
        }
        if let name = job.pacedName { s.paced[name]?.lastStart = now }
        s.started += 1
        return job
    }

    /// Lets `name`'s next paced job through when its turn has come, or arms a timer for then; a
    /// name with nothing waiting is forgotten once its pace has passed.
    private func letThrough(_ name: String, _ s: inout State, now: UInt64, effects: inout [Effect]) {
        guard var p = s.paced[name], !p.running, !p.timerArmed else { return }
        let due = p.lastStart.map { $0 + pace } ?? 0
        if now < due {
            p.timerArmed = true
            effects.append(.timer(name, at: due))
        } else if p.waiting.isEmpty {
            s.paced[name] = nil
            return
        } else {
            p.running = true
            HashScheduler.enqueue(p.waiting.removeFirst(), &s)
        }
        s.paced[name] = p
    }

    private func perform(_ effects: [Effect]) {
        for effect in effects {
            switch effect {
            case .wake(let worker):
                workers[worker].async { [self] in drain(worker) }
            case .timer(let name, let due):
                DispatchQueue.global().asyncAfter(deadline: DispatchTime(uptimeNanoseconds: due)) { [self] in
                    let effects = state.withLock { s -> [Effect] in
                        var effects: [Effect] = []
                        s.paced[name]?.timerArmed = false
                        letThrough(name, &s, now: DispatchTime.now().uptimeNanoseconds, effects: &effects)
                        HashScheduler.wakeIdle(&s, effects: &effects)
                        return effects
                    }
                    perform(effects)
                }
            }
        }
    }

    /// A worker thread's loop: jobs in turn until none is runnable.
    private func drain(_ worker: Int) {
        while true {
            let job = state.withLock { s -> Job? in
                guard let job = next(&s, now: DispatchTime.now().uptimeNanoseconds) else {
                    s.idle.append(worker)
                    return nil
                }
                return job
            }
            guard let job else { return }
            let verified = job.work()
            let (waiters, effects) = state.withLock { s -> ([Waiter], [Effect]) in
                var effects: [Effect] = []
                if let name = job.pacedName {
                    s.paced[name]?.running = false
                    letThrough(name, &s, now: DispatchTime.now().uptimeNanoseconds, effects: &effects)
                    HashScheduler.wakeIdle(&s, effects: &effects)
                }
                return (s.waiters.removeValue(forKey: job.key) ?? [], effects)
            }
            perform(effects)
            for waiter in waiters { waiter(verified) }
        }
    }
}
