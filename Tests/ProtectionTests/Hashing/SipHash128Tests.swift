import Testing
@testable import Protection

/// SipHash-2-4-128 against the reference implementation's vectors (key 00…0f, message 00…n-1).
@Suite struct SipHash128Tests {
    static let key = SipHash128.Key(k0: 0x0706_0504_0302_0100, k1: 0x0f0e_0d0c_0b0a_0908)

    /// (message length, expected output bytes) from the reference `vectors_sip128`.
    static let vectors: [(Int, String)] = [
        (0, "a3817f04ba25a8e66df67214c7550293"),
        (1, "da87c1d86b99af44347659119b22fc45"),
        (7, "a1f1ebbed8dbc153c0b84aa61ff08239"),
        (8, "3b62a9ba6258f5610f83e264f31497b4"),
        (15, "5493e99933b0a8117e08ec0f97cfc3d9"),
        (16, "6ee2a4ca67b054bbfd3315bf85230577"),
        (63, "5150d1772f50834a503e069a973fbd7c"),
    ]

    static func hex(_ bytes: [UInt8]) -> String {
        bytes.map { String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16) }.joined()
    }

    @Test(arguments: vectors)
    func referenceVector(length: Int, expected: String) {
        let message = (0..<length).map { UInt8($0) }
        #expect(Self.hex(SipHash128.hash(message, key: Self.key).bytes) == expected)
    }

    @Test(arguments: vectors)
    func streamedInPieces_givesTheSameDigest(length: Int, expected: String) {
        let message = (0..<length).map { UInt8($0) }
        for cut in [0, 1, 3, 8, 9, length / 2, length] where cut <= length {
            var h = SipHash128(key: Self.key)
            h.update(Array(message[..<cut]))
            if cut < length { h.update(byte: message[cut]) }
            if cut + 1 < length { h.update(Array(message[(cut + 1)...])) }
            #expect(h.finalize() == SipHash128.hash(message, key: Self.key), "cut at \(cut) of \(length)")
        }
    }

    @Test(arguments: vectors)
    func aKeyMadeReadyOnce_givesTheReferenceDigest_everyTime(length: Int, expected: String) {
        let keyed = SipHash128.Keyed(Self.key)
        let message = (0..<length).map { UInt8($0) }
        for _ in 0..<3 {
            var h = SipHash128(keyed: keyed)
            h.update(message)
            #expect(Self.hex(h.finalize().bytes) == expected, "a computation must not change the template")
        }
    }

    @Test func differentKeys_giveDifferentDigests() {
        let other = SipHash128.Key(k0: Self.key.k0 ^ 1, k1: Self.key.k1)
        #expect(SipHash128.hash([1, 2, 3], key: Self.key) != SipHash128.hash([1, 2, 3], key: other))
    }
}
