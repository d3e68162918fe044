/// The 64-character alphabet `./0-9A-Za-z` of crypt(3) salts and hashes (DES, MD5-crypt,
/// `$apr1$`, SHA-crypt, bcrypt, yescrypt), and random salts drawn from it.
enum CryptAlphabet: Sendable {
    /// The symbols in value order (the order `$apr1$` and DES crypt encode with).
    static let symbols: [UInt8] = Array("./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".utf8)

    /// Whether `byte` is one of the 64 symbols.
    static func contains(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "."), UInt8(ascii: "/"), UInt8(ascii: "0")...UInt8(ascii: "9"),
            UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"):
            return true
        default:
            return false
        }
    }

    /// The value (0…63) of a symbol, nil for any other byte.
    static func value(of byte: UInt8) -> Int? {
        switch byte {
        case UInt8(ascii: "."): return 0
        case UInt8(ascii: "/"): return 1
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return Int(byte - UInt8(ascii: "0")) + 2
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): return Int(byte - UInt8(ascii: "A")) + 12
        case UInt8(ascii: "a")...UInt8(ascii: "z"): return Int(byte - UInt8(ascii: "a")) + 38
        default: return nil
        }
    }

    /// Whether every byte of `bytes` is a symbol and there are `lengths` of them.
    static func matches<Bytes: Collection>(_ bytes: Bytes, lengths: ClosedRange<Int>) -> Bool where Bytes.Element == UInt8 {
        lengths.contains(bytes.count) && bytes.allSatisfy(contains)
    }

    /// `length` symbols chosen uniformly by the system CSPRNG (`SystemRandomNumberGenerator`,
    /// getrandom(2) on Linux), for salts libcrypt does not generate for us.
    static func randomSalt(length: Int) -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<length).map { _ in symbols[Int.random(in: 0..<symbols.count, using: &generator)] }
    }
}
