import Transport

/// Bytes waiting to be written to one side of a proxied connection, bounded by `capacity` for
/// reads (a caller reads at most `space` bytes; bytes already in memory may be added beyond it).
struct ProxyBuffer {
    /// The soft bound for reads.
    let capacity: Int
    private var storage: [UInt8] = []
    private var start = 0

    /// An empty buffer bounded by `capacity`.
    init(capacity: Int = ProxyLimits.bufferBytes) {
        self.capacity = capacity
    }

    /// Bytes waiting.
    var count: Int { storage.count - start }
    /// Whether nothing waits.
    var isEmpty: Bool { start == storage.count }
    /// How many more bytes a read may add.
    var space: Int { max(0, capacity - count) }

    /// Adds bytes at the end.
    mutating func append(_ bytes: UnsafeRawBufferPointer) {
        compactIfUseful()
        storage.append(contentsOf: bytes)
    }

    /// Adds bytes at the end.
    mutating func append(_ bytes: [UInt8]) {
        compactIfUseful()
        storage.append(contentsOf: bytes)
    }

    /// Adds bytes at the end.
    mutating func append(_ bytes: ArraySlice<UInt8>) {
        compactIfUseful()
        storage.append(contentsOf: bytes)
    }

    /// Drops everything.
    mutating func removeAll() {
        storage.removeAll(keepingCapacity: true)
        start = 0
    }

    /// Writes as much as the socket takes. `.bytes(n)` with the total written (possibly 0 when
    /// empty), `.wouldBlock` when the socket is full with bytes left, `.peerClosed` when gone.
    mutating func write(to socket: Socket) throws(Errno) -> Transfer {
        var failure: Errno?
        let result = write { bytes in
            do throws(Errno) {
                return try socket.write(bytes)
            } catch {
                failure = error
                return .peerClosed
            }
        }
        if let failure { throw failure }
        return result
    }

    /// Writes as much as the client's stream takes (plain or TLS), with the same results as for
    /// a socket; a TLS stream that must read first counts as `.wouldBlock`.
    mutating func write(to stream: any ConnectionStream) -> Transfer {
        write { bytes in
            switch stream.write(bytes, more: false) {
            case .bytes(let n): .bytes(n)
            case .wouldBlock: .wouldBlock
            case .closed: .peerClosed
            }
        }
    }

    private mutating func write(_ send: (UnsafeRawBufferPointer) -> Transfer) -> Transfer {
        var total = 0
        while !isEmpty {
            let result = storage.withUnsafeBytes { all in send(UnsafeRawBufferPointer(rebasing: all[start...])) }
            switch result {
            case .bytes(let n):
                start += n
                total += n
            case .wouldBlock:
                return total > 0 ? .bytes(total) : .wouldBlock
            case .peerClosed:
                return .peerClosed
            }
        }
        storage.removeAll(keepingCapacity: storage.capacity <= 2 * capacity)
        start = 0
        return .bytes(total)
    }

    /// Moves the waiting bytes to the front once at least half the storage is spent.
    private mutating func compactIfUseful() {
        if start == storage.count {
            storage.removeAll(keepingCapacity: true)
            start = 0
        } else if start > 0 && start >= storage.count / 2 {
            storage.removeFirst(start)
            start = 0
        }
    }
}
