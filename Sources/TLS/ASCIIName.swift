/// Host names compared the DNS way: ASCII case-insensitively (RFC 4343), nothing else folded.
enum ASCIIName {
    /// `name` with A–Z mapped to a–z and every other byte kept.
    static func lowercased(_ name: String) -> String {
        String(decoding: name.utf8.map(lowercased), as: UTF8.self)
    }

    /// One byte with A–Z mapped to a–z.
    @inline(__always)
    static func lowercased(_ byte: UInt8) -> UInt8 {
        byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte | 0x20 : byte
    }
}
