import Transport

/// Bytes waiting to be written to one side of a proxied connection, bounded by `capacity` for
/// reads (a caller reads at most `space` bytes; bytes already in memory may be added beyond it).
struct ProxyBuffer {
    /// What one flush did.
    enum Flush: Equatable {
        /// Everything waiting went out: `written` bytes this time (0 when nothing waited).
        case drained(written: Int)
        /// The destination takes no more now: `written` bytes went out first; the rest waits for
        /// the descriptor to be ready for `interest`.
        case blocked(written: Int, Interest)
        /// The destination is gone (closed, reset, failed); the bytes are still here.
        case closed
    }

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

    /// Drops everything.
    mutating func removeAll() {
        storage.removeAll(keepingCapacity: true)
        start = 0
    }

    /// Writes as much as `send` takes (a stream's or socket's write, called with the waiting
    /// bytes until they are out or it cannot go on).
    mutating func write(_ send: (UnsafeRawBufferPointer) -> StreamResult) -> Flush {
        var total = 0
        while !isEmpty {
            let result = storage.withUnsafeBytes { all in send(UnsafeRawBufferPointer(rebasing: all[start...])) }
            switch result {
            case .bytes(let n):
                start += n
                total += n
            case .wouldBlock(let interest):
                return .blocked(written: total, interest)
            case .closed:
                return .closed
            }
        }
        storage.removeAll(keepingCapacity: storage.capacity <= 2 * capacity)
        start = 0
        return .drained(written: total)
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
