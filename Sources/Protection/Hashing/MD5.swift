/// MD5 (RFC 1321), needed only by legacy formats: Apache `$apr1$` hashes. Not for new secrets.
public struct MD5: Sendable {
    /// Digest length in bytes (RFC 1321 §3.5).
    public static let digestLength = 16

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

    /// Finishes the message and returns its 16-byte digest.
    public consuming func finalize() -> [UInt8] {
        hasher.finalize()
    }

    /// The digest of `bytes` in one call.
    public static func hash<Bytes: Collection>(_ bytes: Bytes) -> [UInt8] where Bytes.Element == UInt8 {
        var md5 = MD5()
        md5.update(bytes)
        return md5.finalize()
    }
}

extension MD5 {
    /// The MD5 chaining state and round function (RFC 1321 §3.3–3.4).
    struct Compression: BlockCompression {
        /// See `BlockCompression.lengthIsBigEndian`.
        static let lengthIsBigEndian = false
        /// Per-step left rotations (RFC 1321 §3.4).
        private static let shifts: [UInt32] = [
            7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22,
            5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20,
            4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23,
            6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21,
        ]
        /// T[i] = floor(2^32 · |sin(i + 1)|) (RFC 1321 §3.4).
        private static let sines: [UInt32] = [
            0xd76a_a478, 0xe8c7_b756, 0x2420_70db, 0xc1bd_ceee, 0xf57c_0faf, 0x4787_c62a, 0xa830_4613, 0xfd46_9501,
            0x6980_98d8, 0x8b44_f7af, 0xffff_5bb1, 0x895c_d7be, 0x6b90_1122, 0xfd98_7193, 0xa679_438e, 0x49b4_0821,
            0xf61e_2562, 0xc040_b340, 0x265e_5a51, 0xe9b6_c7aa, 0xd62f_105d, 0x0244_1453, 0xd8a1_e681, 0xe7d3_fbc8,
            0x21e1_cde6, 0xc337_07d6, 0xf4d5_0d87, 0x455a_14ed, 0xa9e3_e905, 0xfcef_a3f8, 0x676f_02d9, 0x8d2a_4c8a,
            0xfffa_3942, 0x8771_f681, 0x6d9d_6122, 0xfde5_380c, 0xa4be_ea44, 0x4bde_cfa9, 0xf6bb_4b60, 0xbebf_bc70,
            0x289b_7ec6, 0xeaa1_27fa, 0xd4ef_3085, 0x0488_1d05, 0xd9d4_d039, 0xe6db_99e5, 0x1fa2_7cf8, 0xc4ac_5665,
            0xf429_2244, 0x432a_ff97, 0xab94_23a7, 0xfc93_a039, 0x655b_59c3, 0x8f0c_cc92, 0xffef_f47d, 0x8584_5dd1,
            0x6fa8_7e4f, 0xfe2c_e6e0, 0xa301_4314, 0x4e08_11a1, 0xf753_7e82, 0xbd3a_f235, 0x2ad7_d2bb, 0xeb86_d391,
        ]
        /// Steps per block: four rounds of sixteen.
        private static let stepCount = 64

        private var a: UInt32 = 0x6745_2301
        private var b: UInt32 = 0xefcd_ab89
        private var c: UInt32 = 0x98ba_dcfe
        private var d: UInt32 = 0x1032_5476

        /// Mixes one 64-byte block into the state.
        mutating func compress(_ block: UnsafeRawBufferPointer) {
            var (a, b, c, d) = (self.a, self.b, self.c, self.d)
            for step in 0..<Self.stepCount {
                var f: UInt32
                let wordIndex: Int
                switch step >> 4 {
                case 0:
                    f = (b & c) | (~b & d)
                    wordIndex = step
                case 1:
                    f = (d & b) | (~d & c)
                    wordIndex = (5 &* step &+ 1) & 15
                case 2:
                    f = b ^ c ^ d
                    wordIndex = (3 &* step &+ 5) & 15
                default:
                    f = c ^ (b | ~d)
                    wordIndex = (7 &* step) & 15
                }
                let word = UInt32(littleEndian: block.loadUnaligned(fromByteOffset: wordIndex &* 4, as: UInt32.self))
                f = f &+ a &+ Self.sines[step] &+ word
                a = d
                d = c
                c = b
                let shift = Self.shifts[step]
                b = b &+ (f << shift | f >> (32 - shift))
            }
            self.a &+= a
            self.b &+= b
            self.c &+= c
            self.d &+= d
        }

        /// The state as digest bytes.
        var digest: [UInt8] {
            var bytes: [UInt8] = []
            bytes.reserveCapacity(MD5.digestLength)
            for word in [a, b, c, d] {
                for shift in stride(from: 0, to: 32, by: 8) { bytes.append(UInt8(truncatingIfNeeded: word >> UInt32(shift))) }
            }
            return bytes
        }
    }
}
