/// Creates new password-file hashes for the admin tools (`gatehouse user`, `htadm`). Salts come
/// from libxcrypt's `crypt_gensalt` or, where it has no generator we can use, the system CSPRNG.
public enum PasswordHasher: Sendable {
    /// The bcrypt cost used when the caller has no preference.
    public static let defaultBcryptCost = 10
    /// Costs bcrypt accepts (2^4 … 2^31 rounds).
    public static let bcryptCosts = PasswordHash.bcryptCosts
    /// Salt characters of a classic DES hash.
    static let desSaltLength = 2
    /// Salt characters written for `$apr1$` (what htpasswd writes).
    static let apr1SaltLength = ApacheMD5Crypt.maxSaltLength
    /// The bcrypt variant written: `$2y$` is what htpasswd writes and what every verifier knows.
    static let bcryptPrefix = "$2y$"
    /// The `crypt_gensalt` prefix for yescrypt.
    static let yescryptPrefix = "$y$"
    /// The `crypt_gensalt` prefix for SHA-512-crypt.
    static let sha512Prefix = "$6$"
    /// `crypt_gensalt` count meaning "the method's default cost".
    static let defaultCount: UInt = 0

    /// Hashes `password` with `scheme` and returns the text for a password file's hash field.
    /// Refuses passwords with NUL bytes or longer than `PasswordHash.maxPasswordLength`, and the
    /// empty password with DES. The result is checked to classify as a usable `PasswordHash`.
    public static func hash(_ password: [UInt8], scheme: Scheme) throws(HashingError) -> String {
        guard !password.contains(0) else { throw .passwordContainsNUL }
        guard password.count <= PasswordHash.maxPasswordLength else {
            throw .passwordTooLong(limit: PasswordHash.maxPasswordLength)
        }
        let result: [UInt8]
        switch scheme {
        case .bcrypt(let cost):
            guard bcryptCosts.contains(cost) else { throw .invalidBcryptCost(cost) }
            result = try viaLibCrypt(password, prefix: bcryptPrefix, count: UInt(cost), scheme: scheme)
        case .yescrypt:
            result = try viaLibCrypt(password, prefix: yescryptPrefix, count: defaultCount, scheme: scheme)
        case .sha512:
            result = try viaLibCrypt(password, prefix: sha512Prefix, count: defaultCount, scheme: scheme)
        case .des:
            // csys_crypt_gensalt maps the empty prefix to libxcrypt's default method (yescrypt),
            // not DES, so the 2-character salt is drawn here.
            guard !password.isEmpty else { throw .emptyPasswordWithDES }
            let salt = CryptAlphabet.randomSalt(length: desSaltLength)
            guard let hashed = LibCrypt.hash(password, setting: salt) else { throw .hashingFailed(scheme) }
            result = hashed
        case .apr1:
            let salt = CryptAlphabet.randomSalt(length: apr1SaltLength)
            let digest = ApacheMD5Crypt.encodedDigest(password: password, salt: salt)
            result = ApacheMD5Crypt.magic + salt + [UInt8(ascii: "$")] + digest
        }
        let text = String(decoding: result, as: UTF8.self)
        guard PasswordHash(field: text).isUsable else { throw .hashingFailed(scheme) }
        return text
    }

    private static func viaLibCrypt(_ password: [UInt8], prefix: String, count: UInt, scheme: Scheme) throws(HashingError) -> [UInt8] {
        guard let setting = LibCrypt.setting(prefix: prefix, count: count) else { throw .saltGenerationFailed(scheme) }
        guard let hashed = LibCrypt.hash(password, setting: setting) else { throw .hashingFailed(scheme) }
        return hashed
    }
}
