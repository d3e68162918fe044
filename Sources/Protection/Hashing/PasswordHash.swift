/// The hash field of one password-file line, classified once when the file is loaded
/// (gatehouse-semantics §3; cern-protection §4). Build with `init(field:)`, check a password with
/// `verify(_:)`. A `.disabled` or `.unusable` value never accepts any password.
public enum PasswordHash: Sendable, Hashable {
    /// A modern crypt(3) hash that libxcrypt verifies: `$1$`, `$2a$`/`$2b$`/`$2y$`, `$5$`, `$6$`,
    /// `$y$`, `$gy$`, `$7$`. The payload is the whole stored hash.
    case crypt(String)
    /// Classic DES crypt: 13 characters, or CERN's multi-block form of 13·k characters
    /// (k ≤ 4), verified by CERN's rule (cern-protection §4.2). The payload is the whole field.
    case des(String)
    /// Apache MD5 (`$apr1$salt$digest`); `digest` is the 22-character encoded digest.
    case apr1(salt: String, digest: String)
    /// `{SHA}`: the raw 20-byte SHA-1 of the password.
    case sha1(digest: [UInt8])
    /// `{SSHA}`: SHA-1 of password followed by `salt`, then the salt bytes.
    case ssha(digest: [UInt8], salt: [UInt8])
    /// The user is deliberately locked (empty field, `*`, `!…`, `x`). Not worth a warning.
    case disabled(reason: String)
    /// The field cannot be verified safely (`{PLAIN}`, an unknown scheme, a malformed hash): the
    /// user is locked and `check` reports `reason` as a `file:line: warning`.
    case unusable(reason: String)

    /// Whether some password can verify against this hash.
    public var isUsable: Bool {
        switch self {
        case .crypt, .des, .apr1, .sha1, .ssha: true
        case .disabled, .unusable: false
        }
    }

    /// A short name of the scheme for diagnostics and `explain` ("bcrypt", "{SSHA}", …).
    public var schemeName: String {
        switch self {
        case .crypt(let stored): Self.cryptSchemeName(stored)
        case .des(let stored): stored.utf8.count > Self.desBlockLength ? "CERN multi-block DES crypt" : "DES crypt"
        case .apr1: "Apache MD5 ($apr1$)"
        case .sha1: "{SHA}"
        case .ssha: "{SSHA}"
        case .disabled: "disabled"
        case .unusable: "unusable"
        }
    }

    private static func cryptSchemeName(_ stored: String) -> String {
        let prefixes: [(String, String)] = [
            ("$1$", "MD5-crypt"), ("$2a$", "bcrypt"), ("$2b$", "bcrypt"), ("$2y$", "bcrypt"),
            ("$5$", "SHA-256-crypt"), ("$6$", "SHA-512-crypt"), ("$y$", "yescrypt"),
            ("$gy$", "GOST yescrypt"), ("$7$", "scrypt"),
        ]
        return prefixes.first { stored.hasPrefix($0.0) }?.1 ?? "crypt"
    }
}
