import HTTPWire
import Protection
import RequestPolicy
import Transport
@testable import ServerCore

/// A loop's request services without a running loop or a socket: raw request heads in, the
/// replies the connection machine would act on out.
final class TestLoop {
    let store: ProtectionStore
    let context: LoopContext
    let peer: ConnectionPeer
    /// Kept for as long as the loop serves it (its directory goes with it).
    let tree: TempTree

    struct Unexpected: Error, CustomStringConvertible {
        let description: String
    }

    init(_ tree: TempTree, throttle: FailureThrottle = FailureThrottle(), from address: String = "127.0.0.1",
         listener: ListenerKind = .plain, facts: ServedState.Facts = .init(), verifier: CachingVerifier = CachingVerifier()) throws {
        self.tree = tree
        store = try ProtectionStore(configPath: tree.config, verifier: verifier, facts: facts)
        context = LoopContext(loop: try EventLoop(), store: store, logs: try ServerLogs(accessPath: nil, errorPath: nil),
                              openConnections: ConnectionCounter(), throttle: throttle)
        peer = ConnectionPeer(address: ClientAddress(parsing: address)!, listener: listener)
        // Nothing runs the loop here, so a watcher would never see a change: without one every
        // request is decided, and the ACL and real-path caches trust answers for a second.
        context.watchesFiles = false
    }

    /// The reply to one request head (from `address` instead of the loop's peer when given).
    func reply(_ raw: String, from address: String? = nil) throws -> ServiceReply {
        context.reply(to: try RequestHead(parsing: Array(raw.utf8)), from: peer(address))
    }

    /// The response to a request answered at once.
    func plan(_ raw: String) throws -> ResponsePlan {
        guard case .respond(let plan) = try reply(raw) else { throw Unexpected(description: "no immediate response to \(raw)") }
        return plan
    }

    /// The reply once any password the request carries has been hashed.
    func settled(_ raw: String, from address: String? = nil) async throws -> ServiceReply {
        let head = try RequestHead(parsing: Array(raw.utf8))
        let peer = peer(address)
        var reply = context.reply(to: head, from: peer)
        for _ in 0..<3 {
            guard case .verify(let pending) = reply else { return reply }
            await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
                context.verifier.verifyInBackground(pending, throttle: context.throttle) { done.resume() }
            }
            reply = context.reply(resuming: pending, head: head, from: peer)
        }
        return reply
    }

    /// The response once any password has been hashed.
    func settledPlan(_ raw: String, from address: String? = nil) async throws -> ResponsePlan {
        guard case .respond(let plan) = try await settled(raw, from: address) else { throw Unexpected(description: "no response to \(raw)") }
        return plan
    }

    /// One request of a batch sent at once: its response, and for one that waited for a hash,
    /// its place in the order the hashes finished (0 first).
    struct Outcome {
        let plan: ResponsePlan
        let finished: Int?
        var status: Int { plan.head.status.code }
    }

    /// Sends every request (raw head, address) before any hash is done — all are decided, then
    /// every hash is queued in that order — and returns each one's response once all are done.
    func concurrently(_ requests: [(String, String)]) async throws -> [Outcome] {
        let (done, signal) = AsyncStream.makeStream(of: Int.self)
        var replies: [(RequestHead, ConnectionPeer, ServiceReply)] = []
        for (raw, address) in requests {
            let head = try RequestHead(parsing: Array(raw.utf8))
            replies.append((head, peer(address), context.reply(to: head, from: peer(address))))
        }
        var waiting = 0
        for (index, reply) in replies.enumerated() {
            guard case .verify(let pending) = reply.2 else { continue }
            waiting += 1
            context.verifier.verifyInBackground(pending, throttle: context.throttle) { signal.yield(index) }
        }
        var order: [Int: Int] = [:]
        var iterator = done.makeAsyncIterator()
        while order.count < waiting, let index = await iterator.next() { order[index] = order.count }
        return try replies.enumerated().map { index, entry in
            var reply = entry.2
            if case .verify(let pending) = reply { reply = context.reply(resuming: pending, head: entry.0, from: entry.1) }
            guard case .respond(let plan) = reply else { throw Unexpected(description: "no response to request \(index)") }
            return Outcome(plan: plan, finished: order[index])
        }
    }

    private func peer(_ address: String?) -> ConnectionPeer {
        guard let address, let parsed = ClientAddress(parsing: address) else { return peer }
        return ConnectionPeer(address: parsed, listener: peer.listener)
    }
}

extension ResponsePlan {
    /// The value of a field of the head (case-insensitive name).
    func header(_ name: String) -> String? {
        head.fields.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    /// Releases the plan's file, if any.
    func discard() { body.release() }
}
