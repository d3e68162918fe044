extension PasswordHash {
    /// About how long one `verify(_:)` of this hash takes, in microseconds on one core of the
    /// development machine (x86-64, libxcrypt 4.4; timed with crypt_r). Only the order matters:
    /// the costliest hash of a password file is the one an unknown user's password is checked
    /// against (`PasswordFile.timingReference`), so that refusing an unknown user takes as long
    /// as refusing the slowest known one.
    ///
    /// The order, cheapest first, and what moves a hash within it:
    /// 1. `{SHA}`, `{SSHA}` (one SHA-1: about 1 µs) and DES crypt, single or CERN multi-block
    ///    (one crypt(3) call: about 4 µs);
    /// 2. MD5-crypt `$1$` (1000 MD5 rounds in libcrypt: about 100 µs) and Apache `$apr1$` (1000
    ///    libcrypto MD5 calls: about 0.5 ms);
    /// 3. SHA-crypt `$5$` / `$6$`: its `rounds=` (default 5000), about 0.33 / 0.25 µs a round;
    /// 4. bcrypt `$2a$` / `$2b$` / `$2y$`: 2^cost rounds, about 50 µs × 2^cost (cost 4 ≈ 0.9 ms,
    ///    10 ≈ 52 ms, 12 ≈ 0.2 s);
    /// 5. yescrypt `$y$` / `$gy$` and scrypt `$7$`: N·r·p block mixes, about 0.13 µs (yescrypt) or
    ///    0.9 µs (scrypt) each (`$y$j9T$`, libxcrypt's default N = 4096, r = 32 ≈ 17 ms). yescrypt's
    ///    `t` and ROM parameters, which libxcrypt never writes, are not counted.
    ///
    /// So a bcrypt cost-12 user outranks a yescrypt-default one, which outranks a bcrypt
    /// cost-8 one. `.disabled` and `.unusable` never verify against themselves (they spend
    /// `timingDummy`'s time) and rank 0; an unparsable parameter field ranks as its scheme's
    /// default.
    public var estimatedCostMicroseconds: Double {
        switch self {
        case .sha1, .ssha: return 1
        case .des: return 4
        case .apr1: return Self.md5CryptCost
        case .crypt(let stored): return Self.cryptCost(Array(stored.utf8))
        case .disabled, .unusable: return 0
        }
    }

    private static let md5CryptCost = 100.0
    private static let sha256RoundCost = 0.33
    private static let sha512RoundCost = 0.25
    private static let shaCryptDefaultRounds = 5000.0
    private static let bcryptRoundCost = 50.0
    private static let yescryptBlockCost = 0.13
    private static let scryptBlockCost = 0.9
    /// libxcrypt's default yescrypt N·r (`$y$j9T$`).
    private static let yescryptDefaultBlocks = 4096.0 * 32

    /// The cost of a modular-crypt hash (already shape-checked by the classifier).
    private static func cryptCost(_ stored: [UInt8]) -> Double {
        let fields = stored.split(separator: UInt8(ascii: "$"), omittingEmptySubsequences: false)
        guard fields.count >= 3 else { return 0 }
        let parameters = Array(fields[2])
        switch String(decoding: fields[1], as: UTF8.self) {
        case "1": return md5CryptCost
        case "5": return sha256RoundCost * shaCryptRounds(parameters)
        case "6": return sha512RoundCost * shaCryptRounds(parameters)
        case "2a", "2b", "2y":
            let cost = parameters.reduce(0) { $0 * 10 + Int($1) - Int(UInt8(ascii: "0")) }
            return bcryptRoundCost * Double(1 << min(max(cost, 0), 31))
        case "y", "gy": return yescryptBlockCost * (YescryptParameters.blocks(parameters) ?? yescryptDefaultBlocks)
        case "7": return scryptBlockCost * (YescryptParameters.scryptBlocks(parameters) ?? yescryptDefaultBlocks)
        default: return 0
        }
    }

    /// `rounds=N` when the field holds it, else the default 5000.
    private static func shaCryptRounds(_ field: [UInt8]) -> Double {
        let prefix = Array("rounds=".utf8)
        guard field.starts(with: prefix), let rounds = Int(String(decoding: field.dropFirst(prefix.count), as: UTF8.self)) else {
            return shaCryptDefaultRounds
        }
        return Double(rounds)
    }
}

/// Reads the cost parameters of yescrypt (`$y$FLAVOR N r [have p t g NROM]$`) and scrypt
/// (`$7$N rrrrr ppppp salt`) settings, in the encoding libxcrypt writes them (its
/// `yescrypt-common.c`: `decode64_uint32` and `decode64_uint32_fixed` over the crypt alphabet).
enum YescryptParameters {
    /// N·r·p of a yescrypt parameter field such as `j9T`; nil when it cannot be read.
    static func blocks(_ field: [UInt8]) -> Double? {
        var reader = Reader(field)
        guard reader.variable(minimum: 0) != nil,  // flavour
            let nLog2 = reader.variable(minimum: 1), nLog2 <= 63,
            let r = reader.variable(minimum: 1)
        else { return nil }
        var p: UInt64 = 1
        if !reader.atEnd {
            guard let have = reader.variable(minimum: 1) else { return nil }
            if have & 1 != 0 {
                guard let value = reader.variable(minimum: 2) else { return nil }
                p = value
            }
        }
        return pow2(nLog2) * Double(r) * Double(p)
    }

    /// N·r·p of a scrypt setting (`$7$` then one character of log2 N, five of r, five of p).
    static func scryptBlocks(_ field: [UInt8]) -> Double? {
        var reader = Reader(field)
        guard let nLog2 = reader.one(), (1...63).contains(nLog2),
            let r = reader.fixed(characters: 5), let p = reader.fixed(characters: 5)
        else { return nil }
        return pow2(nLog2) * Double(r) * Double(p)
    }

    private static func pow2(_ exponent: UInt64) -> Double {
        Double(sign: .plus, exponent: Int(exponent), significand: 1)
    }

    /// Reads crypt-alphabet characters (`./0-9A-Za-z` = 0…63) off the front of a field.
    private struct Reader {
        private let bytes: [UInt8]
        private var position = 0

        init(_ bytes: [UInt8]) { self.bytes = bytes }

        var atEnd: Bool { position >= bytes.count }

        /// One character's value.
        mutating func one() -> UInt64? {
            guard position < bytes.count, let value = CryptAlphabet.value(of: bytes[position]) else { return nil }
            position += 1
            return UInt64(value)
        }

        /// libxcrypt's variable-length encoding: the first character says how many follow.
        mutating func variable(minimum: UInt64) -> UInt64? {
            guard let first = one() else { return nil }
            var start: UInt64 = 0, end: UInt64 = 47, characters = 1, bits: UInt64 = 0
            var value = minimum
            while first > end {
                value += (end + 1 - start) << bits
                start = end + 1
                end = start + (62 - end) / 2
                characters += 1
                bits += 6
            }
            value += (first - start) << bits
            while characters > 1 {
                guard let next = one() else { return nil }
                bits -= 6
                value += next << bits
                characters -= 1
            }
            return value
        }

        /// A fixed number of characters, least significant first (30 bits in five).
        mutating func fixed(characters: Int) -> UInt64? {
            var value: UInt64 = 0
            for index in 0..<characters {
                guard let next = one() else { return nil }
                value |= next << UInt64(6 * index)
            }
            return value
        }
    }
}
