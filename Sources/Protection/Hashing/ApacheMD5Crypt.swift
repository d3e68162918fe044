/// Apache's `$apr1$` password hash: MD5-crypt with the magic `$apr1$` and 1000 rounds
/// (APR `apr_md5.c`, `apr_md5_encode`; Apache "Password Formats"). libcrypt does not know
/// `$apr1$`, so the construction is written here; every MD5 it computes is libcrypto's.
enum ApacheMD5Crypt: Sendable {
    /// The scheme marker, which also enters the first digest.
    static let magic: [UInt8] = Array("$apr1$".utf8)
    /// Salt characters APR uses (more are ignored by APR, so a longer salt never verifies).
    static let maxSaltLength = 8
    /// Length of the encoded 128-bit digest.
    static let encodedDigestLength = 22
    /// The fixed number of strengthening rounds.
    static let rounds = 1000

    /// The 22-character encoded digest of `password` under `salt` (the part after the last `$`).
    static func encodedDigest(password: [UInt8], salt: [UInt8]) -> [UInt8] {
        let salt = Array(salt.prefix(maxSaltLength))
        var context = MD5()
        context.update(password)
        context.update(magic)
        context.update(salt)

        var alternate = MD5()
        alternate.update(password)
        alternate.update(salt)
        alternate.update(password)
        var final = alternate.finalize()

        var remaining = password.count
        while remaining > 0 {
            context.update(final.prefix(min(remaining, MD5.digestLength)))
            remaining -= MD5.digestLength
        }
        // APR clears `final` and then feeds its first byte (0) or the password's first byte for
        // each bit of the password length.
        final = [UInt8](repeating: 0, count: MD5.digestLength)
        var bits = password.count
        while bits != 0 {
            if bits & 1 != 0 {
                context.update(final.prefix(1))
            } else {
                context.update(password.prefix(1))
            }
            bits >>= 1
        }
        final = context.finalize()

        // One libcrypto context for all the rounds (finalize starts it again empty).
        let step = LibCryptoDigest(.md5)
        for round in 0..<rounds {
            if round & 1 != 0 { step.update(password) } else { step.update(final) }
            if round % 3 != 0 { step.update(salt) }
            if round % 7 != 0 { step.update(password) }
            if round & 1 != 0 { step.update(final) } else { step.update(password) }
            final = step.finalize()
        }
        return encode(final)
    }

    /// APR's permuted encoding of the 16 digest bytes, 6 bits per character, low bits first.
    private static func encode(_ digest: [UInt8]) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(encodedDigestLength)
        func append(_ value: UInt32, count: Int) {
            var value = value
            for _ in 0..<count {
                output.append(CryptAlphabet.symbols[Int(value & 0x3F)])
                value >>= 6
            }
        }
        for (first, second, third) in [(0, 6, 12), (1, 7, 13), (2, 8, 14), (3, 9, 15), (4, 10, 5)] {
            append(UInt32(digest[first]) << 16 | UInt32(digest[second]) << 8 | UInt32(digest[third]), count: 4)
        }
        append(UInt32(digest[11]), count: 2)
        return output
    }
}
