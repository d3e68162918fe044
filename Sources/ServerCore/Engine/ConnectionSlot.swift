import Protection
import Synchronization

/// One accepted connection's place in the server's counts: the total (`MaxConnections`) and its
/// address's (`MaxConnectionsPerAddress`). Held by the connection's stream from accept to close,
/// through the proxy and back, and given back exactly once.
final class ConnectionSlot: Sendable {
    /// The peer the slot was counted for.
    let address: ClientAddress
    private let open: ConnectionCounter
    private let perAddress: AddressCounts?
    private let released = Atomic<Bool>(false)

    /// A slot already counted in `open` (and in `perAddress` for `address`, when given).
    init(address: ClientAddress, open: ConnectionCounter, perAddress: AddressCounts?) {
        self.address = address
        self.open = open
        self.perAddress = perAddress
    }

    /// Gives the place back (once).
    func release() {
        guard !released.exchange(true, ordering: .relaxed) else { return }
        open.decrement()
        perAddress?.release(address)
    }
}

/// Open connections per client address, shared by every loop, for `MaxConnectionsPerAddress`:
/// one address cannot take every place (a flood of idle or slow connections from one machine
/// leaves room for everyone else).
final class AddressCounts: Sendable {
    private let counts = Mutex<[ClientAddress: Int]>([:])

    /// Counts one more connection from `address`; false (and nothing counted) past `limit`.
    func acquire(_ address: ClientAddress, limit: Int) -> Bool {
        counts.withLock { map in
            let current = map[address, default: 0]
            guard current < limit else { return false }
            map[address] = current + 1
            return true
        }
    }

    /// Counts one fewer.
    func release(_ address: ClientAddress) {
        counts.withLock { map in
            guard let current = map[address] else { return }
            map[address] = current > 1 ? current - 1 : nil
        }
    }
}
