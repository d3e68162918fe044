import Testing
@testable import Protection

@Suite struct Base64Tests {
    /// RFC 4648 §10 test vectors, plus the Basic credentials of cern-protection §12.
    static let vectors: [(plain: String, encoded: String)] = [
        ("", ""), ("f", "Zg=="), ("fo", "Zm8="), ("foo", "Zm9v"), ("foob", "Zm9vYg=="),
        ("fooba", "Zm9vYmE="), ("foobar", "Zm9vYmFy"), ("joe:", "am9lOg=="), ("joe", "am9l"),
        ("Aladdin:open sesame", "QWxhZGRpbjpvcGVuIHNlc2FtZQ=="),
    ]

    @Test(arguments: vectors)
    func encode_matchesRFC4648(plain: String, encoded: String) {
        #expect(Base64.encode(Array(plain.utf8)) == encoded)
    }

    @Test(arguments: vectors)
    func decode_matchesRFC4648(plain: String, encoded: String) {
        #expect(Base64.decode(encoded) == Array(plain.utf8))
    }

    @Test func decode_roundTripsEveryByteValue() {
        for length in 0...66 {
            let bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 251) }
            #expect(Base64.decode(Base64.encode(bytes)) == bytes)
        }
    }

    @Test(arguments: [
        "Zg", "Zm8", "Zm9vYg", "Zm9vYmE",  // missing padding
        "Zg=", "Zm9vY===", "=", "====", "Z===", "Zg==Zg==", "Zm9=vYmFy",  // misplaced padding
        "Zm9v\n", " Zm9v", "Zm9v ", "Zm 9v", "Zm9v\r\n", "Zm9\tv",  // whitespace
        "Zm9-", "Zm9_", "Zm9.", "Zm9*", "Zm9vÿ", "Zm9v\u{0}",  // characters outside the alphabet
        "Zh==", "Zm9=",  // non-zero pad bits (RFC 4648 §3.5)
    ])
    func decode_rejectsNonStrictInput(text: String) {
        #expect(Base64.decode(text) == nil)
    }

    @Test func decode_acceptsByteCollections() {
        let bytes: ArraySlice<UInt8> = Array("xxam9lOg==".utf8)[2...]
        #expect(Base64.decode(bytes) == Array("joe:".utf8))
    }
}
