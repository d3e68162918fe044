/// SHA-1 (FIPS 180-4 §6.1), needed only by legacy formats: `{SHA}` and `{SSHA}` password fields.
/// Not for new secrets.
public struct SHA1: Sendable {
    /// Digest length in bytes (FIPS 180-4 §1).
    public static let digestLength = 20

    private var hasher = BlockHasher(Compression())

    /// Starts an empty message.
    public init() {}

    /// Appends `bytes` to the message.
    public mutating func update<Bytes: Collection>(_ bytes: Bytes) where Bytes.Element == UInt8 {
        let handled: Void? = bytes.withContiguousStorageIfAvailable { hasher.update(UnsafeRawBufferPointer($0)) }
        if handled == nil {
            Array(bytes).withUnsafeBytes { hasher.update($0) }
        }
    }

    /// Finishes the message and returns its 20-byte digest.
    public consuming func finalize() -> [UInt8] {
        hasher.finalize()
    }

    /// The digest of `bytes` in one call.
    public static func hash<Bytes: Collection>(_ bytes: Bytes) -> [UInt8] where Bytes.Element == UInt8 {
        var sha1 = SHA1()
        sha1.update(bytes)
        return sha1.finalize()
    }
}

extension SHA1 {
    /// The SHA-1 chaining state and compression function (FIPS 180-4 §6.1.2).
    struct Compression: BlockCompression {
        /// See `BlockCompression.lengthIsBigEndian`.
        static let lengthIsBigEndian = true
        /// Words in the message schedule (FIPS 180-4 §6.1.2 step 1).
        private static let scheduleLength = 80
        /// Words read from one block.
        private static let blockWords = 16

        private var h0: UInt32 = 0x6745_2301
        private var h1: UInt32 = 0xefcd_ab89
        private var h2: UInt32 = 0x98ba_dcfe
        private var h3: UInt32 = 0x1032_5476
        private var h4: UInt32 = 0xc3d2_e1f0

        private static func rotateLeft(_ value: UInt32, _ count: UInt32) -> UInt32 {
            value << count | value >> (32 - count)
        }

        /// Mixes one 64-byte block into the state.
        mutating func compress(_ block: UnsafeRawBufferPointer) {
            let (h0, h1, h2, h3, h4) = (self.h0, self.h1, self.h2, self.h3, self.h4)
            let result = withUnsafeTemporaryAllocation(of: UInt32.self, capacity: Self.scheduleLength) { w in
                for t in 0..<Self.blockWords {
                    w[t] = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: t &* 4, as: UInt32.self))
                }
                for t in Self.blockWords..<Self.scheduleLength {
                    w[t] = Self.rotateLeft(w[t - 3] ^ w[t - 8] ^ w[t - 14] ^ w[t - 16], 1)
                }
                var (a, b, c, d, e) = (h0, h1, h2, h3, h4)
                for t in 0..<Self.scheduleLength {
                    let f: UInt32
                    let k: UInt32
                    switch t / 20 {
                    case 0:
                        f = (b & c) | (~b & d)
                        k = 0x5a82_7999
                    case 1:
                        f = b ^ c ^ d
                        k = 0x6ed9_eba1
                    case 2:
                        f = (b & c) | (b & d) | (c & d)
                        k = 0x8f1b_bcdc
                    default:
                        f = b ^ c ^ d
                        k = 0xca62_c1d6
                    }
                    let temp = Self.rotateLeft(a, 5) &+ f &+ e &+ k &+ w[t]
                    e = d
                    d = c
                    c = Self.rotateLeft(b, 30)
                    b = a
                    a = temp
                }
                return (a, b, c, d, e)
            }
            self.h0 = h0 &+ result.0
            self.h1 = h1 &+ result.1
            self.h2 = h2 &+ result.2
            self.h3 = h3 &+ result.3
            self.h4 = h4 &+ result.4
        }

        /// The state as digest bytes.
        var digest: [UInt8] {
            var bytes: [UInt8] = []
            bytes.reserveCapacity(SHA1.digestLength)
            for word in [h0, h1, h2, h3, h4] {
                for shift in stride(from: 24, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: word >> UInt32(shift))) }
            }
            return bytes
        }
    }
}
