import Testing
@testable import Protection

@Suite struct MD5Tests {
    /// RFC 1321 §A.5 test suite, then lengths around the 64-byte block and padding boundaries.
    static let vectors: [(input: String, hex: String)] = [
        ("", "d41d8cd98f00b204e9800998ecf8427e"),
        ("a", "0cc175b9c0f1b6a831c399e269772661"),
        ("abc", "900150983cd24fb0d6963f7d28e17f72"),
        ("message digest", "f96b697d7cb7938d525a2f31aaf161d0"),
        ("abcdefghijklmnopqrstuvwxyz", "c3fcd3d76192e4007dfb496cca67e13b"),
        ("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", "d174ab98d277d9f5a5611c2c9f419d9f"),
        (String(repeating: "1234567890", count: 8), "57edf4a22be3c955ac49da2e2107b67a"),
        (String(repeating: "a", count: 55), "ef1772b6dff9a122358552954ad0df65"),
        (String(repeating: "a", count: 56), "3b0c8ac703f828b04c6c197006d17218"),
        (String(repeating: "a", count: 63), "b06521f39153d618550606be297466d5"),
        (String(repeating: "a", count: 64), "014842d480b571495a4a0363793f7367"),
        (String(repeating: "a", count: 65), "c743a45e0d2e6a95cb859adae0248435"),
        (String(repeating: "a", count: 119), "8a7bd0732ed6a28ce75f6dabc90e1613"),
        (String(repeating: "a", count: 120), "5f61c0ccad4cac44c75ff505e1f1e537"),
    ]

    @Test(arguments: vectors)
    func hash_matchesRFC1321(input: String, hex: String) {
        #expect(Self.hex(MD5.hash(Array(input.utf8))) == hex)
    }

    @Test func hash_ofAMillionAs() {
        #expect(Self.hex(MD5.hash([UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000))) == "7707d6ae4e027c70eea2a935c2296f21")
    }

    @Test(arguments: [1, 3, 17, 55, 63, 64, 65, 100])
    func update_inPiecesEqualsOneShot(pieceLength: Int) {
        let message = (0..<300).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        var md5 = MD5()
        var start = 0
        while start < message.count {
            let end = min(start + pieceLength, message.count)
            md5.update(message[start..<end])
            start = end
        }
        #expect(md5.finalize() == MD5.hash(message))
    }

    @Test func update_acceptsNonContiguousCollections() {
        #expect(MD5.hash("abc".utf8.lazy.map { $0 }) == MD5.hash(Array("abc".utf8)))
    }

    private static func hex(_ bytes: [UInt8]) -> String {
        bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
    }
}
