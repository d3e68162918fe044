import Testing
@testable import Protection

@Suite struct SHA1Tests {
    /// FIPS 180 examples (one block, two blocks, the 896-bit message), the empty message, and
    /// lengths around the block and padding boundaries.
    static let vectors: [(input: String, hex: String)] = [
        ("", "da39a3ee5e6b4b0d3255bfef95601890afd80709"),
        ("abc", "a9993e364706816aba3e25717850c26c9cd0d89d"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "84983e441c3bd26ebaae4aa1f95129e5e54670f1"),
        ("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
            "a49b2446a02c645bf419f995b67091253a04a259"),
        (String(repeating: "a", count: 55), "c1c8bbdc22796e28c0e15163d20899b65621d65a"),
        (String(repeating: "a", count: 56), "c2db330f6083854c99d4b5bfb6e8f29f201be699"),
        (String(repeating: "a", count: 63), "03f09f5b158a7a8cdad920bddc29b81c18a551f5"),
        (String(repeating: "a", count: 64), "0098ba824b5c16427bd7a1122a5a442a25ec644d"),
        (String(repeating: "a", count: 65), "11655326c708d70319be2610e8a57d9a5b959d3b"),
        (String(repeating: "a", count: 119), "ee971065aaa017e0632a8ca6c77bb3bf8b1dfc56"),
        (String(repeating: "a", count: 120), "f34c1488385346a55709ba056ddd08280dd4c6d6"),
    ]

    @Test(arguments: vectors)
    func hash_matchesFIPS180(input: String, hex: String) {
        #expect(Self.hex(SHA1.hash(Array(input.utf8))) == hex)
    }

    @Test func hash_ofAMillionAs_matchesFIPS180() {
        #expect(Self.hex(SHA1.hash([UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000))) == "34aa973cd4c4daa4f61eeb2bdbad27316534016f")
    }

    @Test(arguments: [1, 3, 17, 55, 63, 64, 65, 100])
    func update_inPiecesEqualsOneShot(pieceLength: Int) {
        let message = (0..<300).map { UInt8(truncatingIfNeeded: $0 &* 11) }
        var sha1 = SHA1()
        var start = 0
        while start < message.count {
            let end = min(start + pieceLength, message.count)
            sha1.update(message[start..<end])
            start = end
        }
        #expect(sha1.finalize() == SHA1.hash(message))
    }

    private static func hex(_ bytes: [UInt8]) -> String {
        bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
    }
}
