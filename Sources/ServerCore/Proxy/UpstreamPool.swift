import Synchronization
import Transport

/// Idle keep-alive connections to origins, shared by every loop (an idle socket is registered
/// with no loop, so whichever loop takes it next registers it). Keyed by the destination address
/// and the proxy user, so a connection an origin may have tied to one user's authentication
/// (NTLM-style connection auth) is never handed to another user. Bounded per key and in total;
/// a connection idle longer than `ProxyLimits.poolIdleTimeout` is closed instead of reused, and a
/// taker checks that the origin has not closed it meanwhile.
final class UpstreamPool: Sendable {
    /// Which connections are interchangeable.
    struct Key: Hashable, Sendable {
        /// The origin's address and port.
        let address: SocketAddress
        /// The proxy user the connection served (nil: anonymous).
        let user: String?
    }

    private struct Idle: Sendable {
        let socket: Socket
        /// Monotonic milliseconds when it became idle.
        let since: Int64
    }

    private struct State: Sendable {
        var idle: [Key: [Idle]] = [:]
        var count = 0
    }

    /// The pool every loop uses.
    static let shared = UpstreamPool()

    private let state = Mutex(State())

    /// The most recently idle live connection for `key`, if any; expired ones are closed.
    func take(_ key: Key, now: Int64) -> Socket? {
        var expired: [Socket] = []
        let found = state.withLock { state -> Socket? in
            guard var list = state.idle[key] else { return nil }
            var result: Socket?
            while let last = list.popLast() {
                state.count -= 1
                if now - last.since > ProxyLimits.poolIdleTimeout {
                    expired.append(last.socket)
                    continue
                }
                result = last.socket
                break
            }
            state.idle[key] = list.isEmpty ? nil : list
            return result
        }
        for socket in expired { socket.descriptor.closeIgnoringErrors() }
        return found
    }

    /// Keeps `socket` (unregistered from every loop) for reuse; closes it when the pool is full.
    /// Expired connections of every key are closed on the way.
    func put(_ socket: Socket, key: Key, now: Int64) {
        var closing: [Socket] = []
        state.withLock { state in
            if state.count >= ProxyLimits.maxPooledConnections {
                for (k, list) in state.idle {
                    let kept = list.filter { now - $0.since <= ProxyLimits.poolIdleTimeout }
                    closing += list.filter { now - $0.since > ProxyLimits.poolIdleTimeout }.map(\.socket)
                    state.count -= list.count - kept.count
                    state.idle[k] = kept.isEmpty ? nil : kept
                }
            }
            guard state.count < ProxyLimits.maxPooledConnections, state.idle[key, default: []].count < ProxyLimits.maxPooledPerKey else {
                closing.append(socket)
                return
            }
            state.idle[key, default: []].append(Idle(socket: socket, since: now))
            state.count += 1
        }
        for socket in closing { socket.descriptor.closeIgnoringErrors() }
    }
}
