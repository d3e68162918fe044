import Testing
@testable import Protection

@Suite struct PasswordHashVerificationTests {
    /// Stored field, the password that made it, and a wrong one. Sources: `htpasswd -nbB/-nbm/
    /// -nbs/-nbd` (apache2-utils 2.4), `mkpasswd -m …` (whois), the Apache "Password Formats"
    /// page (myPassword), and a published slappasswd `{SSHA}` of "admin".
    static let vectors: [(field: String, password: String, wrong: String)] = [
        // htpasswd -B (bcrypt $2y$), including the Apache documentation's example.
        ("$2y$05$qlXZNba.9BnXHFX4N0bXBePfosZ1agTxmVBIGit/7JgmO7o5CLcv.", "correct horse", "correct horsE"),
        ("$2y$04$JpagX9Os8aC4u0CQanSOz.nBsxK8i5X2tArZB9ClRvYVgS/dg.nfq", "tr0ub4dor&3", "tr0ub4dor&"),
        ("$2y$05$c4WoMPo3SXsafkva.HHa6uXQZWr7oboPiC2bT/r7q1BB8I2s0BRqC", "myPassword", "mypassword"),
        // mkpasswd bcrypt $2b$ and $2a$.
        ("$2b$05$NEzkzuhTHHWFR0ymx8.qduskc1q21qzbL3NhXVZZOZbkhkHr36oWy", "b2b vector", "b2b vector "),
        ("$2a$05$Ixx/pk0O5ULbAQ6noe022.XTmWGaWNR8LEgczozQ7BJ3UCLW.lExa", "Vector Pass 1", "Vector Pass 2"),
        // htpasswd -m ($apr1$), the Apache documentation's example, empty and long passwords.
        ("$apr1$r31.....$HqJZimcKQFAMYayBlzkrA/", "myPassword", "myPasswort"),
        ("$apr1$STodhPDq$lZcAOgBqXiw171K3Y0nT2/", "apr1-pässword", "apr1-password"),
        ("$apr1$E8wY0vQF$NAsyLLcavI6tI/6xuQhHh/", "", " "),
        ("$apr1$A73G2CrD$uoS0cDT/kccjadvjumIBT/", "a much longer apr1 password, over 16 bytes: yes", "a much longer apr1 password, over 16 bytes: no"),
        // htpasswd -s ({SHA}).
        ("{SHA}VBPuJHI7uixaa6LQGWx4s+5GKNE=", "myPassword", "myPassword "),
        ("{SHA}KvPXpIScDQubdcQXyPXUdUCmoqA=", "sha pass", "sha-pass"),
        ("{SHA}9Rfd8dMqES/xrVXGbRsSyzjn6Pc=", "pässwörd", "passwörd"),
        // {SSHA}: published 4-byte-salt example; 8-byte salt built with Python hashlib.
        ("{SSHA}23AUBfRZytVFNpe7onuFhyCSJOHRzCWh", "admin", "Admin"),
        ("{SSHA}NmfjcalvlcHpWIey36hxTrm0uTEBAgMEBQYHCA==", "ssha eight", "ssha eigh"),
        // htpasswd -d (DES), including the Apache documentation's example.
        ("LFOPo/fVbOS/I", "despass1", "despass2"),
        ("rqXexS6ZhobKA", "myPassword", "myPassw"),
        // mkpasswd: MD5-crypt, SHA-crypt (with and without rounds=), yescrypt, GOST yescrypt, scrypt.
        ("$1$36mo/nmM$th8F5/x6/n7mvLJjkVPVD/", "Vector Pass 1", "Vector Pass 11"),
        ("$5$5EDRnmXMqgw2f.gY$ZKk0BGthLDByrznvOIRJ0/QMNWGl8qyItr/9FsAE8I5", "Vector Pass 1", "vector Pass 1"),
        ("$5$abcdefghijklmnop$2VCV4n4qlOZj6.jXlylXg0s8Y2qBCPQeCd2BChgdGl7", "Vector Pass 1", "Vector Pass"),
        ("$5$rounds=1000$7O0nRAt/osiUKgsn$fiodE0CYCynzScVHPbqISh5B1XB7PDXm6IRvS1XhnB2", "sha256 rounds", "sha256 round"),
        ("$6$rVhOxcWR.LM.e1Cg$Ut1bwCxWyaG3yD70WwcCpIi.aHe2rGex6jbw5cYLFOvPDtUBCmELky1L9Cnl6nyyEZ4LaxzG5554ZQrqutrov/",
            "Vector Pass 1", "Vector Pass 1\n"),
        ("$6$rounds=10000$xyMtl5wQ7nBRMyL9$SXbkxgVfSx4a7b6ND1/UNF9dSBNqktlPjanUGztIwKoli5EYTOynoRXxt1Y1.orHIV4r.6ZDNGXtz/BIxUZoe/",
            "rounds test", "rounds tesT"),
        ("$y$j9T$qFpQzE7LSC0y2UaSfQPBS1$ytWU7f8.BpBqXtZSQJScBIS1VX6UMrxzNlDWpdsJ8S3", "Vector Pass 1", "Vector Pass 0"),
        ("$gy$j9T$FrdoSOJ4VoJ5iJE8usswY.$Gezr4V.VnVq8rcKk7n/GEMbb2ul22llo0VdP8mb.c28", "Vector Pass 1", "Vector Pass 0"),
        ("$7$CU..../....uKXJBQtlzGEtLqPe44xTk/$iAw4NnGJ.cB4mulAGR9ODPUjk.kJI.VYOaNjwCs1Zr2", "Vector Pass 1", "Vector Pass 0"),
    ]

    @Test(arguments: vectors)
    func verify_acceptsTheRightPasswordOnly(field: String, password: String, wrong: String) {
        let hash = PasswordHash(field: field)
        #expect(hash.isUsable)
        #expect(hash.verify(Array(password.utf8)))
        #expect(!hash.verify(Array(wrong.utf8)))
        #expect(!hash.verify(Array(password.utf8) + [0]))
    }

    @Test(arguments: [
        ("{PLAIN}secret", "secret"), ("{CLEARTEXT}secret", "secret"), ("secret", "secret"),
        ("*", "*"), ("x", "x"), ("!", "!"), ("", ""), ("!LFOPo/fVbOS/I", "despass1"),
        ("$1$", ""), ("$2b$10$short", "short"), ("{MD4}abc", "abc"),
    ])
    func verify_neverAcceptsDisabledOrUnusable(field: String, password: String) {
        let hash = PasswordHash(field: field)
        #expect(!hash.isUsable)
        #expect(!hash.verify(Array(password.utf8)))
        #expect(!hash.verify([]))
    }

    @Test func verify_rejectsPasswordsWithNUL() {
        // crypt(3) would stop at the NUL and accept "despass1" plus anything.
        let des = PasswordHash(field: "LFOPo/fVbOS/I")
        #expect(!des.verify(Array("despass1".utf8) + [0, UInt8(ascii: "x")]))
        let sha = PasswordHash(field: "{SHA}KvPXpIScDQubdcQXyPXUdUCmoqA=")
        #expect(!sha.verify(Array("sha pass".utf8) + [0]))
    }

    @Test func verify_rejectsOverlongPasswords() {
        let hash = PasswordHash(field: "{SHA}KvPXpIScDQubdcQXyPXUdUCmoqA=")
        #expect(!hash.verify([UInt8](repeating: UInt8(ascii: "a"), count: PasswordHash.maxPasswordLength + 1)))
    }

    @Test func timingDummy_isAnUnguessableBcryptCost10Hash() throws {
        guard case .crypt(let stored) = PasswordHash.timingDummy else {
            Issue.record("timingDummy is not a crypt hash")
            return
        }
        #expect(stored.hasPrefix("$2y$10$"))
        #expect(PasswordHash(field: stored) == PasswordHash.timingDummy)
        for guess in ["", "dummy", "password", "x"] {
            #expect(!PasswordHash.timingDummy.verify(Array(guess.utf8)))
        }
    }
}
