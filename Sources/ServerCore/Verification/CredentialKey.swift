import Protection

/// What identifies one verified credential in the cache: the password file, its generation, and
/// a keyed digest of the user and password bytes. The plain password is never stored.
struct CredentialKey: Hashable, Sendable {
    let path: String
    let generation: UInt64
    let digest: [UInt8]

    /// A random key per process, prefixed to what is digested, so digests in memory are useless
    /// to anyone without it (the digests never leave the process, so a prefix key is enough and
    /// keeps a typical credential within one SHA-1 block).
    static let processKey: [UInt8] = (0..<32).map { _ in UInt8.random(in: 0...255) }

    init(user: String, password: [UInt8], file: PasswordFile) {
        var hasher = SHA1()
        hasher.update(CredentialKey.processKey)
        hasher.update(Array(user.utf8))
        hasher.update([0])
        hasher.update(password)
        self.path = file.path
        self.generation = file.generation
        self.digest = hasher.finalize()
    }
}
