/// Why `PasswordHasher` could not produce a hash; `description` is a sentence for the admin tools.
public enum HashingError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The password holds a NUL byte, which crypt(3) would silently cut off.
    case passwordContainsNUL
    /// The password is longer than `limit` bytes (`PasswordHash.maxPasswordLength`).
    case passwordTooLong(limit: Int)
    /// DES cannot store an empty password: CERN's rule never matches one (cern-protection §4.2).
    case emptyPasswordWithDES
    /// A bcrypt cost outside `PasswordHasher.bcryptCosts`.
    case invalidBcryptCost(Int)
    /// libcrypt could not generate a salt for the scheme (method missing or no entropy).
    case saltGenerationFailed(PasswordHasher.Scheme)
    /// libcrypt refused to hash, or produced something `PasswordHash` does not accept.
    case hashingFailed(PasswordHasher.Scheme)

    /// A short sentence naming the problem.
    public var description: String {
        switch self {
        case .passwordContainsNUL: "the password contains a NUL byte"
        case .passwordTooLong(let limit): "the password is longer than \(limit) bytes"
        case .emptyPasswordWithDES: "DES crypt cannot store an empty password"
        case .invalidBcryptCost(let cost):
            "bcrypt cost \(cost) is outside \(PasswordHasher.bcryptCosts.lowerBound)...\(PasswordHasher.bcryptCosts.upperBound)"
        case .saltGenerationFailed(let scheme): "could not generate a salt for \(scheme.name)"
        case .hashingFailed(let scheme): "could not hash the password with \(scheme.name)"
        }
    }
}
