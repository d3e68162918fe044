import Protection

/// What names one answer in the verifier's caches: the password file, its generation, and a
/// keyed digest of what was checked — a user and password (`credentials`), or the exact bytes of
/// an `Authorization` value that verified (`authorization`). Passwords are never stored.
struct CredentialKey: Hashable, Sendable {
    let path: String
    let generation: UInt64
    let digest: SipHash128.Digest

    /// A random key per process: the digests never leave the process, and without the key they
    /// say nothing about the passwords. SipHash-2-4 is a keyed PRF made for short inputs; its
    /// 128-bit output makes a collision with a cached credential a 2^-128 chance per guess.
    static let processKey = SipHash128.Key.random()

    private init(file: PasswordFile, digesting feed: (inout SipHash128) -> Void) {
        var hasher = SipHash128(key: CredentialKey.processKey)
        feed(&hasher)
        self.path = file.path
        self.generation = file.generation
        self.digest = hasher.finalize()
    }

    /// The key of a user and password checked against `file`.
    init(user: String, password: [UInt8], file: PasswordFile) {
        self.init(file: file) { hasher in
            hasher.update(utf8: user)
            // The user name holds no NUL (BasicCredentials refuses control characters), so the
            // separator keeps "ab" + "c" apart from "a" + "bc".
            hasher.update(byte: 0)
            hasher.update(password)
        }
    }

    /// The key of an `Authorization` value (byte for byte) that verified against `file`: a
    /// repeat request with the same value is answered without decoding or checking it again.
    init(authorization header: String, file: PasswordFile) {
        self.init(file: file) { $0.update(utf8: header) }
    }

    /// The digest is already uniform; the path only breaks ties in `==`.
    func hash(into hasher: inout Hasher) {
        hasher.combine(digest.low)
        hasher.combine(generation)
    }
}
