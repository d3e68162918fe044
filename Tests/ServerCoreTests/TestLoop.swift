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

    struct Unexpected: Error, CustomStringConvertible {
        let description: String
    }

    init(_ tree: TempTree, throttle: FailureThrottle = FailureThrottle(), from address: String = "127.0.0.1",
         listener: ListenerKind = .plain, facts: ServedState.Facts = .init()) throws {
        store = try ProtectionStore(configPath: tree.config, facts: facts)
        context = LoopContext(loop: try EventLoop(), store: store, logs: try ServerLogs(accessPath: nil, errorPath: nil),
                              openConnections: ConnectionCounter(), throttle: throttle)
        peer = ConnectionPeer(address: ClientAddress(parsing: address)!, listener: listener)
        // Nothing runs the loop here, so a watcher would never see a change: without one every
        // request is decided, and the ACL and real-path caches trust answers for a second.
        context.watchesFiles = false
    }

    /// The reply to one request head.
    func reply(_ raw: String) throws -> ServiceReply {
        context.reply(to: try RequestHead(parsing: Array(raw.utf8)), from: peer)
    }

    /// The response to a request answered at once.
    func plan(_ raw: String) throws -> ResponsePlan {
        guard case .respond(let plan) = try reply(raw) else { throw Unexpected(description: "no immediate response to \(raw)") }
        return plan
    }

    /// The reply once any password the request carries has been hashed.
    func settled(_ raw: String) async throws -> ServiceReply {
        let head = try RequestHead(parsing: Array(raw.utf8))
        var reply = context.reply(to: head, from: peer)
        for _ in 0..<3 {
            guard case .verify(let pending) = reply else { return reply }
            await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
                context.verifier.verifyInBackground(user: pending.user, password: pending.password, file: pending.file) { done.resume() }
            }
            reply = context.reply(resuming: pending, head: head, from: peer)
        }
        return reply
    }

    /// The response once any password has been hashed.
    func settledPlan(_ raw: String) async throws -> ResponsePlan {
        guard case .respond(let plan) = try await settled(raw) else { throw Unexpected(description: "no response to \(raw)") }
        return plan
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
