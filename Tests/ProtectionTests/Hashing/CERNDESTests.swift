import Testing
@testable import Protection

/// CERN's DES rule (cern-protection §4.2) and its §12 test vectors.
@Suite struct CERNDESTests {
    /// crypt("secret12", "ee") — `htpasswd -nbd`.
    static let secret12 = "eelLMPdyQNUN."
    /// Two identical blocks of crypt("secretpassword", "zo"), as 3.0A wrote a 14-character
    /// password: ceil(14/8) = 2 blocks of crypt(whole password, same salt).
    static let secretpassword = "zo1e9RDJ60b5Izo1e9RDJ60b5I"

    @Test(arguments: [
        (secret12, "secret12", true), (secret12, "secret123", true), (secret12, "secret1", false),
        (secret12, "secret12 and more blocks", true), (secret12, "", false), (secret12, "Secret12", false),
        (secretpassword, "secretpa", false), (secretpassword, "secretpaXYZ", true),
        (secretpassword, "secretpassword", true), (secretpassword, "secretpa1", true),
        (secretpassword, "secretp", false), (secretpassword, "", false), (secretpassword, "secretPaXYZ", false),
        // Three blocks: the offered password needs at least 17 characters.
        ("zo1e9RDJ60b5Izo1e9RDJ60b5Izo1e9RDJ60b5I", "secretpa12345678", false),
        ("zo1e9RDJ60b5Izo1e9RDJ60b5Izo1e9RDJ60b5I", "secretpa123456789", true),
        // htpasswd -d of a 10-character password: one block, first 8 characters count.
        ("rqXexS6ZhobKA", "myPasswo", true), ("rqXexS6ZhobKA", "myPassword", true), ("rqXexS6ZhobKA", "myPassw", false),
    ])
    func verify_followsCERNMultiBlockRule(stored: String, offered: String, accepted: Bool) {
        let hash = PasswordHash(field: stored)
        #expect(hash == .des(stored))
        #expect(hash.verify(Array(offered.utf8)) == accepted)
    }

    @Test func verify_twoBlockHashIsTheSingleBlockRepeated() {
        // The single 13-character block accepts the 8-character prefix; doubling it demands more.
        let single = PasswordHash(field: String(Self.secretpassword.prefix(13)))
        #expect(single.verify(Array("secretpa".utf8)))
        #expect(!PasswordHash(field: Self.secretpassword).verify(Array("secretpa".utf8)))
    }
}
