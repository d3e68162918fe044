/// The compression function of a Merkle–Damgård hash over 64-byte blocks (MD5, SHA-1).
protocol BlockCompression: Sendable {
    /// Whether the final block carries the message bit length big-endian (SHA-1, FIPS 180-4
    /// §5.1.1) or little-endian (MD5, RFC 1321 §3.2).
    static var lengthIsBigEndian: Bool { get }
    /// Mixes one 64-byte block into the chaining state.
    mutating func compress(_ block: UnsafeRawBufferPointer)
    /// The chaining state serialised as the digest.
    var digest: [UInt8] { get }
}

/// Buffering and padding shared by `MD5` and `SHA1`: feeds whole blocks straight from the
/// caller's bytes and keeps at most one partial block, so hashing allocates nothing per byte.
struct BlockHasher<Compression: BlockCompression>: Sendable {
    /// Block size in bytes (RFC 1321 §3, FIPS 180-4 §1).
    static var blockLength: Int { 64 }
    /// Bytes the length field takes at the end of the last block.
    static var lengthFieldLength: Int { 8 }
    /// The first padding byte: a single 1 bit.
    static var paddingMarker: UInt8 { 0x80 }

    private var compression: Compression
    private var pending: [UInt8]
    private var pendingCount = 0
    private var messageLength: UInt64 = 0

    /// Starts a message from `compression`'s initial state.
    init(_ compression: Compression) {
        self.compression = compression
        self.pending = [UInt8](repeating: 0, count: Self.blockLength)
    }

    /// Appends `bytes` to the message.
    mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard !bytes.isEmpty else { return }
        messageLength &+= UInt64(bytes.count)
        var offset = 0
        if pendingCount > 0 {
            let take = min(Self.blockLength - pendingCount, bytes.count)
            let start = pendingCount
            pending.withUnsafeMutableBytes { destination in
                UnsafeMutableRawBufferPointer(rebasing: destination[start..<(start + take)])
                    .copyMemory(from: UnsafeRawBufferPointer(rebasing: bytes[0..<take]))
            }
            pendingCount += take
            offset = take
            if pendingCount == Self.blockLength {
                let block = pending
                block.withUnsafeBytes { compression.compress($0) }
                pendingCount = 0
            }
        }
        while bytes.count - offset >= Self.blockLength {
            compression.compress(UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + Self.blockLength)]))
            offset += Self.blockLength
        }
        let rest = bytes.count - offset
        if rest > 0 {
            pending.withUnsafeMutableBytes { destination in
                UnsafeMutableRawBufferPointer(rebasing: destination[0..<rest])
                    .copyMemory(from: UnsafeRawBufferPointer(rebasing: bytes[offset..<bytes.count]))
            }
            pendingCount = rest
        }
    }

    /// Pads the message (a 1 bit, zeros, the 64-bit bit length) and returns the digest.
    consuming func finalize() -> [UInt8] {
        let bitLength = messageLength &* 8
        let used = Int(messageLength % UInt64(Self.blockLength))
        let lengthOffset = Self.blockLength - Self.lengthFieldLength
        let zeroCount = (lengthOffset - 1 - used + Self.blockLength) % Self.blockLength
        var tail = [UInt8](repeating: 0, count: 1 + zeroCount + Self.lengthFieldLength)
        tail[0] = Self.paddingMarker
        for index in 0..<Self.lengthFieldLength {
            let shift = Compression.lengthIsBigEndian ? (Self.lengthFieldLength - 1 - index) * 8 : index * 8
            tail[1 + zeroCount + index] = UInt8(truncatingIfNeeded: bitLength >> UInt64(shift))
        }
        tail.withUnsafeBytes { update($0) }
        return compression.digest
    }
}
