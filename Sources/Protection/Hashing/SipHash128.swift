/// SipHash-2-4 with a 128-bit output (Aumasson and Bernstein, "SipHash: a fast short-input PRF",
/// and the reference implementation's 128-bit mode): a keyed pseudo-random function built for
/// short inputs. The server keys it with a random per-process key to name verified credentials
/// in its cache without keeping the passwords. Streams: `update` any number of times, then
/// `finalize`. Allocates nothing.
public struct SipHash128: Sendable {
    /// A 128-bit key: two little-endian 64-bit words (`k0` is key bytes 0–7).
    public struct Key: Sendable, Hashable {
        public let k0: UInt64
        public let k1: UInt64

        public init(k0: UInt64, k1: UInt64) {
            self.k0 = k0
            self.k1 = k1
        }

        /// A key from the system's random source.
        public static func random() -> Key {
            var generator = SystemRandomNumberGenerator()
            return Key(k0: generator.next(), k1: generator.next())
        }
    }

    /// The 128-bit digest: `low` is output bytes 0–7 and `high` bytes 8–15, both little-endian.
    public struct Digest: Sendable, Hashable {
        public let low: UInt64
        public let high: UInt64

        /// The 16 output bytes in the reference implementation's order.
        public var bytes: [UInt8] {
            (0..<16).map { UInt8(truncatingIfNeeded: ($0 < 8 ? low : high) >> UInt64(8 * ($0 % 8))) }
        }
    }

    private var v0: UInt64
    private var v1: UInt64
    private var v2: UInt64
    private var v3: UInt64
    /// Bytes not yet mixed in, little-endian, fewer than 8.
    private var tail: UInt64 = 0
    private var tailCount = 0
    private var length = 0

    /// Starts an empty message under `key`.
    public init(key: Key) {
        v0 = 0x736f_6d65_7073_6575 ^ key.k0
        // The 128-bit mode differs from the 64-bit one by these 0xee / 0xdd constants.
        v1 = 0x646f_7261_6e64_6f6d ^ key.k1 ^ 0xee
        v2 = 0x6c79_6765_6e65_7261 ^ key.k0
        v3 = 0x7465_6462_7974_6573 ^ key.k1
    }

    /// Appends `bytes`.
    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        length &+= bytes.count
        var index = 0
        // Fill a pending partial word first.
        while tailCount > 0 && index < bytes.count {
            append(bytes[index])
            index += 1
        }
        while bytes.count - index >= 8 {
            compress(UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: index, as: UInt64.self)))
            index += 8
        }
        while index < bytes.count {
            append(bytes[index])
            index += 1
        }
    }

    /// Appends one byte.
    public mutating func update(byte: UInt8) {
        length &+= 1
        append(byte)
    }

    /// Appends the UTF-8 bytes of `text`.
    public mutating func update(utf8 text: String) {
        var text = text
        text.withUTF8 { update(UnsafeRawBufferPointer($0)) }
    }

    /// Appends `bytes`.
    public mutating func update(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { update($0) }
    }

    /// Finishes the message: the last word carries the length's low byte in its top byte.
    public consuming func finalize() -> Digest {
        let last = tail | UInt64(truncatingIfNeeded: length) << 56
        compress(last)
        v2 ^= 0xee
        rounds(4)
        let low = v0 ^ v1 ^ v2 ^ v3
        v1 ^= 0xdd
        rounds(4)
        return Digest(low: low, high: v0 ^ v1 ^ v2 ^ v3)
    }

    /// The digest of `bytes` under `key` in one call.
    public static func hash(_ bytes: [UInt8], key: Key) -> Digest {
        var h = SipHash128(key: key)
        h.update(bytes)
        return h.finalize()
    }

    private mutating func append(_ byte: UInt8) {
        tail |= UInt64(byte) << UInt64(8 * tailCount)
        tailCount += 1
        if tailCount == 8 {
            let word = tail
            tail = 0
            tailCount = 0
            compress(word)
        }
    }

    /// Mixes one message word with two SipRounds.
    private mutating func compress(_ m: UInt64) {
        v3 ^= m
        rounds(2)
        v0 ^= m
    }

    private mutating func rounds(_ count: Int) {
        for _ in 0..<count {
            v0 &+= v1; v1 = v1.rotatedLeft(13); v1 ^= v0; v0 = v0.rotatedLeft(32)
            v2 &+= v3; v3 = v3.rotatedLeft(16); v3 ^= v2
            v0 &+= v3; v3 = v3.rotatedLeft(21); v3 ^= v0
            v2 &+= v1; v1 = v1.rotatedLeft(17); v1 ^= v2; v2 = v2.rotatedLeft(32)
        }
    }
}

private extension UInt64 {
    @inline(__always)
    func rotatedLeft(_ count: UInt64) -> UInt64 { self << count | self >> (64 - count) }
}
