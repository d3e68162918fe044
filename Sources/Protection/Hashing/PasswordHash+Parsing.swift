extension PasswordHash {
    /// Longest hash field examined; longer ones are unusable (fail closed, bounded work).
    static let maxFieldLength = 512
    /// Longest scheme name echoed back in a reason; longer ones are not quoted.
    static let maxQuotedSchemeLength = 16
    /// Characters per DES crypt block (2 salt + 11 hash; cern-protection §4.2).
    static let desBlockLength = 13
    /// DES crypt uses the first 8 password bytes; CERN counts offered passwords in blocks of 8
    /// (cern-protection §4.2).
    static let desPasswordBlockLength = 8
    /// bcrypt uses the first 72 password bytes.
    static let bcryptSignificantPasswordLength = 72
    /// CERN kept at most 52 characters (4 blocks) of a password field (cern-protection §4.1).
    static let maxDESBlocks = 4
    /// Bytes of a SHA-1 digest at the start of `{SHA}` / `{SSHA}` data.
    static let sha1DigestLength = SHA1.digestLength
    /// Largest `{SSHA}` salt accepted (OpenLDAP writes 4 bytes; some tools 8 or 16).
    static let maxSSHASaltLength = 64
    /// Salt lengths of `$1$` MD5-crypt (glibc / libxcrypt use at most 8).
    static let md5CryptSaltLengths = 1...8
    /// Encoded digest length of `$1$` and `$apr1$`.
    static let md5CryptDigestLength = 22
    /// bcrypt costs (log2 of the rounds) libxcrypt accepts.
    static let bcryptCosts = 4...31
    /// bcrypt: 22 salt + 31 hash characters after the cost.
    static let bcryptPayloadLength = 53
    /// SHA-crypt (`$5$`, `$6$`) salt lengths (Drepper's "Unix crypt using SHA-256 and SHA-512").
    static let shaCryptSaltLengths = 1...16
    /// SHA-crypt `rounds=` values that are not clamped (a clamped value could never match).
    static let shaCryptRounds = 1000...999_999_999
    /// Digits of the largest `rounds=` value.
    static let shaCryptMaxRoundsDigits = 9
    /// Encoded digest length of `$5$`.
    static let sha256CryptDigestLength = 43
    /// Encoded digest length of `$6$`.
    static let sha512CryptDigestLength = 86
    /// yescrypt / GOST yescrypt parameter field lengths.
    static let yescryptParameterLengths = 1...32
    /// yescrypt / GOST yescrypt / scrypt salt field lengths.
    static let yescryptSaltLengths = 1...86
    /// scrypt (`$7$`): N, r and p take 1 + 5 + 5 characters before the salt.
    static let scryptParameterLength = 11
    /// Encoded digest length of yescrypt, GOST yescrypt and scrypt.
    static let yescryptDigestLength = 43

    /// Classifies the text of a password file's hash field — the second colon-separated field,
    /// already trimmed by the file parser. Never fails: what cannot be verified safely becomes
    /// `.disabled` or `.unusable` with a reason (gatehouse-semantics §3).
    public init(field: String) {
        self = Self.classify(Array(field.utf8))
    }

    private static func classify(_ field: [UInt8]) -> PasswordHash {
        guard field.count <= maxFieldLength else {
            return .unusable(reason: "hash field longer than \(maxFieldLength) characters")
        }
        guard let first = field.first else {
            // 3.0A let an empty field accept any password; Gatehouse locks the user instead.
            return .disabled(reason: "empty password field disables the user")
        }
        if field == [UInt8(ascii: "*")] { return .disabled(reason: "password field '*' disables the user") }
        if field == [UInt8(ascii: "x")] { return .disabled(reason: "password field 'x' disables the user") }
        switch first {
        case UInt8(ascii: "!"): return .disabled(reason: "password field starting with '!' disables the user")
        case UInt8(ascii: "{"): return classifyBraced(field)
        case UInt8(ascii: "$"): return classifyDollar(field)
        default: return classifyDES(field)
        }
    }

    /// RFC 2307-style `{SCHEME}data` fields; the scheme name is case-insensitive.
    private static func classifyBraced(_ field: [UInt8]) -> PasswordHash {
        guard let close = field.firstIndex(of: UInt8(ascii: "}")) else {
            return .unusable(reason: "malformed hash: '{' without a closing '}'")
        }
        let name = field[1..<close]
        let data = field[(close + 1)...]
        let shown = quoted("{", name, "}")
        switch String(decoding: name, as: UTF8.self).uppercased() {
        case "SHA":
            guard let bytes = Base64.decode(data), bytes.count == sha1DigestLength else {
                return .unusable(reason: "malformed {SHA} hash: expected base64 of a 20-byte SHA-1 digest")
            }
            return .sha1(digest: bytes)
        case "SSHA":
            guard let bytes = Base64.decode(data), bytes.count > sha1DigestLength,
                bytes.count - sha1DigestLength <= maxSSHASaltLength
            else {
                return .unusable(reason: "malformed {SSHA} hash: expected base64 of a SHA-1 digest and a salt")
            }
            return .ssha(digest: Array(bytes.prefix(sha1DigestLength)), salt: Array(bytes.dropFirst(sha1DigestLength)))
        case "PLAIN", "CLEARTEXT":
            return .unusable(reason: "\(shown ?? "{PLAIN}") is never accepted (plain-text password)")
        default:
            return .unusable(reason: shown.map { "unknown hash scheme '\($0)'" } ?? "unknown hash scheme")
        }
    }

    /// Modular crypt format `$id$…`: known ids get a shape check so truncated or mangled hashes
    /// are reported instead of silently never matching.
    private static func classifyDollar(_ field: [UInt8]) -> PasswordHash {
        let parts = field.dropFirst().split(separator: UInt8(ascii: "$"), omittingEmptySubsequences: false)
        guard parts.count >= 2 else {
            return .unusable(reason: "malformed hash: no '$' after the scheme identifier")
        }
        let identifier = String(decoding: parts[0], as: UTF8.self)
        let fields = Array(parts.dropFirst())
        let text = String(decoding: field, as: UTF8.self)
        switch identifier {
        case "apr1":
            guard fields.count == 2, CryptAlphabet.matches(fields[0], lengths: 1...ApacheMD5Crypt.maxSaltLength),
                CryptAlphabet.matches(fields[1], lengths: md5CryptDigestLength...md5CryptDigestLength)
            else { return .unusable(reason: "malformed Apache MD5 ($apr1$) hash") }
            return .apr1(salt: String(decoding: fields[0], as: UTF8.self), digest: String(decoding: fields[1], as: UTF8.self))
        case "1":
            guard fields.count == 2, CryptAlphabet.matches(fields[0], lengths: md5CryptSaltLengths),
                CryptAlphabet.matches(fields[1], lengths: md5CryptDigestLength...md5CryptDigestLength)
            else { return .unusable(reason: "malformed MD5-crypt ($1$) hash") }
            return .crypt(text)
        case "2a", "2b", "2y":
            guard fields.count == 2, let cost = decimal(fields[0], maxDigits: 2), fields[0].count == 2,
                bcryptCosts.contains(cost),
                CryptAlphabet.matches(fields[1], lengths: bcryptPayloadLength...bcryptPayloadLength)
            else { return .unusable(reason: "malformed bcrypt hash") }
            return .crypt(text)
        case "5":
            guard isSHACrypt(fields, digestLength: sha256CryptDigestLength) else {
                return .unusable(reason: "malformed SHA-256-crypt ($5$) hash")
            }
            return .crypt(text)
        case "6":
            guard isSHACrypt(fields, digestLength: sha512CryptDigestLength) else {
                return .unusable(reason: "malformed SHA-512-crypt ($6$) hash")
            }
            return .crypt(text)
        case "y", "gy":
            guard fields.count == 3, CryptAlphabet.matches(fields[0], lengths: yescryptParameterLengths),
                CryptAlphabet.matches(fields[1], lengths: yescryptSaltLengths),
                CryptAlphabet.matches(fields[2], lengths: yescryptDigestLength...yescryptDigestLength)
            else { return .unusable(reason: identifier == "y" ? "malformed yescrypt hash" : "malformed GOST yescrypt hash") }
            return .crypt(text)
        case "7":
            let saltLengths = (scryptParameterLength + 1)...(scryptParameterLength + yescryptSaltLengths.upperBound)
            guard fields.count == 2, CryptAlphabet.matches(fields[0], lengths: saltLengths),
                CryptAlphabet.matches(fields[1], lengths: yescryptDigestLength...yescryptDigestLength)
            else { return .unusable(reason: "malformed scrypt ($7$) hash") }
            return .crypt(text)
        default:
            return .unusable(reason: quoted("$", parts[0], "$").map { "unknown hash scheme '\($0)'" } ?? "unknown hash scheme")
        }
    }

    /// `[rounds=N$]salt$digest` of SHA-crypt.
    private static func isSHACrypt(_ fields: [ArraySlice<UInt8>], digestLength: Int) -> Bool {
        var fields = fields[...]
        let roundsPrefix = Array("rounds=".utf8)
        if fields.count == 3 {
            guard let first = fields.first, first.starts(with: roundsPrefix),
                let rounds = decimal(first.dropFirst(roundsPrefix.count), maxDigits: shaCryptMaxRoundsDigits),
                shaCryptRounds.contains(rounds)
            else { return false }
            fields = fields.dropFirst()
        }
        guard fields.count == 2, let salt = fields.first, let digest = fields.last else { return false }
        return CryptAlphabet.matches(salt, lengths: shaCryptSaltLengths)
            && CryptAlphabet.matches(digest, lengths: digestLength...digestLength)
    }

    /// Classic DES crypt, single or CERN multi-block (cern-protection §4.2). Anything else that
    /// does not start with a scheme marker is unrecognised — never compared as plain text.
    private static func classifyDES(_ field: [UInt8]) -> PasswordHash {
        guard field.allSatisfy(CryptAlphabet.contains), field.count % desBlockLength == 0 else {
            return .unusable(reason: "unrecognised password hash format")
        }
        let blockCount = field.count / desBlockLength
        guard blockCount <= maxDESBlocks else {
            return .unusable(reason: "DES hash longer than \(maxDESBlocks * desBlockLength) characters")
        }
        let firstBlock = field.prefix(desBlockLength)
        for block in 1..<blockCount {
            let start = block * desBlockLength
            // CERN wrote every block as crypt(whole password, same salt), so blocks that differ
            // could never match (cern-protection §4.2).
            guard field[start..<(start + desBlockLength)].elementsEqual(firstBlock) else {
                return .unusable(reason: "multi-block DES hash whose blocks differ can never match")
            }
        }
        return .des(String(decoding: field, as: UTF8.self))
    }

    /// A non-negative decimal of 1…`maxDigits` ASCII digits, or `nil`.
    private static func decimal(_ digits: ArraySlice<UInt8>, maxDigits: Int) -> Int? {
        guard (1...maxDigits).contains(digits.count) else { return nil }
        var value = 0
        for digit in digits {
            guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(digit) else { return nil }
            value = value * 10 + Int(digit - UInt8(ascii: "0"))
        }
        return value
    }

    /// `open + name + close` when `name` is short printable ASCII (safe to put in a log line).
    private static func quoted(_ open: String, _ name: ArraySlice<UInt8>, _ close: String) -> String? {
        guard name.count <= maxQuotedSchemeLength,
            name.allSatisfy({ (UInt8(ascii: "!")...UInt8(ascii: "~")).contains($0) && $0 != UInt8(ascii: "'") })
        else { return nil }
        return open + String(decoding: name, as: UTF8.self) + close
    }
}
