import CSystem

extension PasswordHash {
    /// Longest password ever hashed: libxcrypt refuses longer phrases
    /// (`CRYPT_MAX_PASSPHRASE_SIZE`), and the bound keeps the cost of one attempt bounded.
    public static let maxPasswordLength = Int(CRYPT_MAX_PASSPHRASE_SIZE) - 1

    /// Whether `password` (the bytes after the first colon of the Basic credentials, compared
    /// as-is: cern-protection §8.2) matches this hash.
    ///
    /// Never a plain-text comparison; the final comparison is always `ConstantTime.equals`.
    /// `false` for a password containing NUL (crypt(3) would silently truncate it) or longer
    /// than `maxPasswordLength`. For `.disabled` and `.unusable` it spends the same time as
    /// checking `timingDummy` and returns `false`, so a locked user is not told apart by timing.
    public func verify(_ password: [UInt8]) -> Bool {
        guard !password.contains(0), password.count <= Self.maxPasswordLength else { return false }
        VerificationCounter.note()
        switch self {
        case .crypt(let stored):
            let storedBytes = Array(stored.utf8)
            guard let computed = LibCrypt.hash(password, setting: storedBytes) else { return false }
            return ConstantTime.equals(computed, storedBytes)
        case .des(let stored):
            return Self.verifyCERNDES(password, stored: Array(stored.utf8))
        case .apr1(let salt, let digest):
            let computed = ApacheMD5Crypt.encodedDigest(password: password, salt: Array(salt.utf8))
            return ConstantTime.equals(computed, digest.utf8)
        case .sha1(let digest):
            return ConstantTime.equals(SHA1.hash(password), digest)
        case .ssha(let digest, let salt):
            var sha1 = SHA1()
            sha1.update(password)
            sha1.update(salt)
            return ConstantTime.equals(sha1.finalize(), digest)
        case .disabled, .unusable:
            _ = Self.timingDummy.verify(password)
            return false
        }
    }

    /// CERN's multi-block DES rule (cern-protection §4.2, HTPasswd.c): with stored length
    /// L = 13·k and an offered password of m bytes, compute ceil(m/8) blocks of
    /// crypt(offered, first two stored characters) and compare their first L characters with
    /// the stored value. So only the first 8 characters count, the offered password needs at
    /// least k blocks (at least 8·(k−1)+1 bytes), and an empty password never matches.
    private static func verifyCERNDES(_ password: [UInt8], stored: [UInt8]) -> Bool {
        guard !password.isEmpty else { return false }
        let storedBlocks = stored.count / desBlockLength
        let offeredBlocks = (password.count + desPasswordBlockLength - 1) / desPasswordBlockLength
        guard let block = LibCrypt.hash(password, setting: Array(stored.prefix(desBlockLength))),
            block.count == desBlockLength
        else { return false }
        // Fewer offered blocks than stored ones leave the computed value shorter than L: no match.
        var computed: [UInt8] = []
        for _ in 0..<min(offeredBlocks, storedBlocks) { computed += block }
        return ConstantTime.equals(computed, stored)
    }
}
