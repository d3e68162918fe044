import Testing
@testable import Protection

@Suite struct PasswordHashClassificationTests {
    /// The case of a `PasswordHash` without its payload.
    enum Kind: String, Sendable {
        case crypt, des, apr1, sha1, ssha, disabled, unusable
    }

    static func kind(_ hash: PasswordHash) -> Kind {
        switch hash {
        case .crypt: .crypt
        case .des: .des
        case .apr1: .apr1
        case .sha1: .sha1
        case .ssha: .ssha
        case .disabled: .disabled
        case .unusable: .unusable
        }
    }

    static func reason(_ hash: PasswordHash) -> String? {
        switch hash {
        case .disabled(let reason), .unusable(let reason): reason
        case .crypt, .des, .apr1, .sha1, .ssha: nil
        }
    }

    static let bcryptPayload = "qlXZNba.9BnXHFX4N0bXBePfosZ1agTxmVBIGit/7JgmO7o5CLcv."
    static let sha512Digest = "Ut1bwCxWyaG3yD70WwcCpIi.aHe2rGex6jbw5cYLFOvPDtUBCmELky1L9Cnl6nyyEZ4LaxzG5554ZQrqutrov/"

    static let table: [(field: String, kind: Kind)] = [
        // gatehouse-semantics §3: these lock the user.
        ("", .disabled), ("*", .disabled), ("!", .disabled), ("!!", .disabled), ("x", .disabled),
        ("!$6$rVhOxcWR.LM.e1Cg$" + sha512Digest, .disabled), ("!eelLMPdyQNUN.", .disabled),
        // Usable schemes.
        ("eelLMPdyQNUN.", .des), ("zo1e9RDJ60b5Izo1e9RDJ60b5I", .des),
        ("$1$36mo/nmM$th8F5/x6/n7mvLJjkVPVD/", .crypt),
        ("$2y$05$" + bcryptPayload, .crypt), ("$2b$05$" + bcryptPayload, .crypt), ("$2a$31$" + bcryptPayload, .crypt),
        ("$5$5EDRnmXMqgw2f.gY$ZKk0BGthLDByrznvOIRJ0/QMNWGl8qyItr/9FsAE8I5", .crypt),
        ("$5$rounds=1000$7O0nRAt/osiUKgsn$fiodE0CYCynzScVHPbqISh5B1XB7PDXm6IRvS1XhnB2", .crypt),
        ("$6$rVhOxcWR.LM.e1Cg$" + sha512Digest, .crypt),
        ("$y$j9T$qFpQzE7LSC0y2UaSfQPBS1$ytWU7f8.BpBqXtZSQJScBIS1VX6UMrxzNlDWpdsJ8S3", .crypt),
        ("$gy$j9T$FrdoSOJ4VoJ5iJE8usswY.$Gezr4V.VnVq8rcKk7n/GEMbb2ul22llo0VdP8mb.c28", .crypt),
        ("$7$CU..../....uKXJBQtlzGEtLqPe44xTk/$iAw4NnGJ.cB4mulAGR9ODPUjk.kJI.VYOaNjwCs1Zr2", .crypt),
        ("$apr1$r31.....$HqJZimcKQFAMYayBlzkrA/", .apr1),
        ("{SHA}VBPuJHI7uixaa6LQGWx4s+5GKNE=", .sha1), ("{sha}VBPuJHI7uixaa6LQGWx4s+5GKNE=", .sha1),
        ("{SSHA}23AUBfRZytVFNpe7onuFhyCSJOHRzCWh", .ssha),
        // Never verifiable: plain text, unknown schemes, malformed hashes.
        ("{PLAIN}secret", .unusable), ("{plain}secret", .unusable), ("{CLEARTEXT}secret", .unusable),
        ("{MD4}abc", .unusable), ("{SHA}***", .unusable), ("{SHA}", .unusable), ("{SHA", .unusable),
        ("{SHA}VBPuJHI7uixaa6LQGWx4s+5GKNE", .unusable), ("{SHA}VBPuJHI7uixaa6LQGWx4s+5GKNE=\n", .unusable),
        ("{SHA}23AUBfRZytVFNpe7onuFhyCSJOHRzCWh", .unusable), ("{SSHA}VBPuJHI7uixaa6LQGWx4s+5GKNE=", .unusable),
        ("$1$", .unusable), ("$1$36mo/nmM$", .unusable), ("$1$36mo/nmM$th8F5/x6/n7mvLJjkVPVD", .unusable),
        ("$1$36mo/nmMx$th8F5/x6/n7mvLJjkVPVD/", .unusable),
        ("$2b$10$short", .unusable), ("$2b$03$" + bcryptPayload, .unusable), ("$2b$32$" + bcryptPayload, .unusable),
        ("$2b$5$" + bcryptPayload, .unusable), ("$2b$05$" + bcryptPayload + "x", .unusable),
        ("$2b$05$" + String(bcryptPayload.dropLast()), .unusable), ("$2x$05$" + bcryptPayload, .unusable),
        ("$5$rounds=999$7O0nRAt/osiUKgsn$fiodE0CYCynzScVHPbqISh5B1XB7PDXm6IRvS1XhnB2", .unusable),
        ("$5$rounds=$7O0nRAt/osiUKgsn$fiodE0CYCynzScVHPbqISh5B1XB7PDXm6IRvS1XhnB2", .unusable),
        ("$6$rVhOxcWR.LM.e1Cg$" + sha512Digest.dropLast(), .unusable), ("$6$$" + sha512Digest, .unusable),
        ("$y$j9T$qFpQzE7LSC0y2UaSfQPBS1$", .unusable), ("$y$", .unusable),
        ("$7$CU..../....$iAw4NnGJ.cB4mulAGR9ODPUjk.kJI.VYOaNjwCs1Zr2", .unusable),
        ("$apr1$r31.....$HqJZimcKQFAMYayBlzkrA", .unusable), ("$apr1$$HqJZimcKQFAMYayBlzkrA/", .unusable),
        ("$apr1$r31......$HqJZimcKQFAMYayBlzkrA/", .unusable),
        ("$", .unusable), ("$$", .unusable), ("$6", .unusable), ("$md5$abc$def", .unusable), ("$argon2id$v=19$x", .unusable),
        ("secret", .unusable), ("eelLMPdyQNUN", .unusable), ("eelLMPdyQNUN-", .unusable), ("eelLMPdyQNUN. ", .unusable),
        ("*LK*", .unusable), ("xx", .unusable),
        ("zo1e9RDJ60b5Izo1e9RDJ60b5Izo1e9RDJ60b5Izo1e9RDJ60b5Izo1e9RDJ60b5I", .unusable),  // 5 blocks > 52 chars
        ("zo1e9RDJ60b5IeelLMPdyQNUN.", .unusable),  // blocks differ
        (String(repeating: "a", count: 600), .unusable),
    ]

    @Test(arguments: table)
    func init_classifiesField(field: String, kind: Kind) {
        let hash = PasswordHash(field: field)
        #expect(Self.kind(hash) == kind)
        #expect(hash.isUsable == (kind != .disabled && kind != .unusable))
    }

    @Test(arguments: [
        ("{MD4}abc", "unknown hash scheme '{MD4}'"),
        ("{PLAIN}secret", "{PLAIN} is never accepted (plain-text password)"),
        ("$2b$10$short", "malformed bcrypt hash"),
        ("$1$", "malformed MD5-crypt ($1$) hash"),
        ("$argon2id$v=19$x", "unknown hash scheme '$argon2id$'"),
        ("{SHA}***", "malformed {SHA} hash: expected base64 of a 20-byte SHA-1 digest"),
        ("", "empty password field disables the user"),
        ("zo1e9RDJ60b5IeelLMPdyQNUN.", "multi-block DES hash whose blocks differ can never match"),
        ("{my secret scheme with spaces}x", "unknown hash scheme"),
    ])
    func init_explainsWhy(field: String, reason: String) {
        #expect(Self.reason(PasswordHash(field: field)) == reason)
    }

    @Test func init_neverEchoesThePlainTextPassword() throws {
        let reason = try #require(Self.reason(PasswordHash(field: "{PLAIN}hunter2")))
        #expect(!reason.contains("hunter2"))
        let other = try #require(Self.reason(PasswordHash(field: "hunter2")))
        #expect(!other.contains("hunter2"))
    }

    @Test func init_keepsPayloads() {
        #expect(PasswordHash(field: "$apr1$r31.....$HqJZimcKQFAMYayBlzkrA/") == .apr1(salt: "r31.....", digest: "HqJZimcKQFAMYayBlzkrA/"))
        #expect(PasswordHash(field: "{SSHA}NmfjcalvlcHpWIey36hxTrm0uTEBAgMEBQYHCA==")
            == .ssha(digest: [0x36, 0x67, 0xe3, 0x71, 0xa9, 0x6f, 0x95, 0xc1, 0xe9, 0x58, 0x87, 0xb2, 0xdf, 0xa8, 0x71, 0x4e, 0xb9, 0xb4, 0xb9, 0x31],
                salt: [1, 2, 3, 4, 5, 6, 7, 8]))
        #expect(PasswordHash(field: "eelLMPdyQNUN.") == .des("eelLMPdyQNUN."))
    }

    @Test(arguments: [
        ("$2y$05$" + bcryptPayload, "bcrypt"), ("$6$rVhOxcWR.LM.e1Cg$" + sha512Digest, "SHA-512-crypt"),
        ("eelLMPdyQNUN.", "DES crypt"), ("zo1e9RDJ60b5Izo1e9RDJ60b5I", "CERN multi-block DES crypt"),
        ("{SSHA}23AUBfRZytVFNpe7onuFhyCSJOHRzCWh", "{SSHA}"), ("*", "disabled"), ("{MD4}abc", "unusable"),
    ])
    func schemeName_namesTheScheme(field: String, name: String) {
        #expect(PasswordHash(field: field).schemeName == name)
    }
}
