extension PasswordHasher {
    /// A hash scheme the admin tools can write. `bcrypt` (default cost 10) is the recommended
    /// choice; `des` and `apr1` exist for files shared with CERN httpd or Apache.
    public enum Scheme: Sendable, Hashable {
        /// bcrypt (`$2y$`) with 2^cost rounds.
        case bcrypt(cost: Int)
        /// yescrypt (`$y$`) with libxcrypt's default parameters.
        case yescrypt
        /// SHA-512-crypt (`$6$`) with the default 5000 rounds.
        case sha512
        /// Classic 13-character DES crypt, as CERN httpd and `htpasswd -d` write it.
        case des
        /// Apache MD5 (`$apr1$`), as `htpasswd -m` writes it.
        case apr1

        /// bcrypt at `PasswordHasher.defaultBcryptCost`.
        public static var `default`: Scheme { .bcrypt(cost: PasswordHasher.defaultBcryptCost) }

        /// A short name for messages ("bcrypt", "DES crypt", …).
        public var name: String {
            switch self {
            case .bcrypt: "bcrypt"
            case .yescrypt: "yescrypt"
            case .sha512: "SHA-512-crypt"
            case .des: "DES crypt"
            case .apr1: "Apache MD5 ($apr1$)"
            }
        }

        /// How many leading password bytes the scheme looks at (`nil`: all of them), so the
        /// tools can warn when a longer password is silently shortened.
        public var significantPasswordLength: Int? {
            switch self {
            case .bcrypt: PasswordHash.bcryptSignificantPasswordLength
            case .des: PasswordHash.desPasswordBlockLength
            case .yescrypt, .sha512, .apr1: nil
            }
        }
    }
}
