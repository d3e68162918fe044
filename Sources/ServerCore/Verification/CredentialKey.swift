import Protection

/// What names one answer in the verifier's caches: the password file's path, what in that file
/// the answer depends on (`basis`), and a keyed digest of what was checked — a user and password
/// (`credentials`), or the exact bytes of an `Authorization` value that verified
/// (`authorization`). Passwords are never stored.
struct CredentialKey: Hashable, Sendable {
    /// What in the password file an answer depends on.
    enum Basis: Hashable, Sendable {
        /// A user and password: only that user's stored hash (`PasswordFile.Entry.hashStamp`;
        /// nil when the file holds no such user). A reload that changes other lines keeps the
        /// key, so a user verified before stays verified; a changed hash, an added or a removed
        /// user makes a new key, which must be hashed again.
        case storedHash(UInt64?)
        /// An `Authorization` value: the whole file (`PasswordFile.generation`), so any change
        /// forgets it (a miss falls back to the credential cache, which survives).
        case generation(UInt64)
    }

    let path: String
    let basis: Basis
    let digest: SipHash128.Digest

    /// A random key per process: the digests never leave the process, and without the key they
    /// say nothing about the passwords. SipHash-2-4 is a keyed PRF made for short inputs; its
    /// 128-bit output makes a collision with a cached credential a 2^-128 chance per guess.
    static let processKey = SipHash128.Keyed(SipHash128.Key.random())

    private init(path: String, basis: Basis, digesting feed: (inout SipHash128) -> Void) {
        var hasher = SipHash128(keyed: CredentialKey.processKey)
        feed(&hasher)
        self.path = path
        self.basis = basis
        self.digest = hasher.finalize()
    }

    /// The key of a user and password checked against `file`.
    init(user: String, password: [UInt8], file: PasswordFile) {
        self.init(path: file.path, basis: .storedHash(file.entry(for: user)?.hashStamp)) { hasher in
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
        self.init(path: file.path, basis: .generation(file.generation)) { $0.update(utf8: header) }
    }

    /// The digest is already uniform; the path and basis only break ties in `==`.
    func hash(into hasher: inout Hasher) {
        hasher.combine(digest.low)
    }
}
