/// Strict base64 (RFC 4648 §4, standard alphabet) for HTTP Basic credentials (RFC 7617 §2) and
/// the `{SHA}` / `{SSHA}` password fields.
///
/// Decoding fails closed: padding is required (the length must be a multiple of 4), and
/// whitespace, URL-safe characters, misplaced `=` and non-zero pad bits (RFC 4648 §3.5) all
/// yield `nil`.
public enum Base64: Sendable {
    /// The 64 symbols of RFC 4648 Table 1, in value order.
    static let alphabet: [UInt8] = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
    /// The pad character of RFC 4648 §3.2.
    static let pad = UInt8(ascii: "=")
    /// Marks a byte outside the alphabet in `values`.
    static let invalid: UInt8 = 0xFF
    /// Symbol → 6-bit value; `invalid` for every other byte (including `=`).
    static let values: [UInt8] = {
        var table = [UInt8](repeating: invalid, count: 256)
        for (value, symbol) in alphabet.enumerated() { table[Int(symbol)] = UInt8(value) }
        return table
    }()
    /// Characters per encoded quantum (RFC 4648 §4).
    static let quantumLength = 4

    /// Encodes `bytes` with the standard alphabet and `=` padding.
    public static func encode<Bytes: Collection>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        let input = Array(bytes)
        var output: [UInt8] = []
        output.reserveCapacity((input.count + 2) / 3 * quantumLength)
        var index = 0
        while index < input.count {
            let remaining = input.count - index
            let b0 = UInt32(input[index])
            let b1 = remaining > 1 ? UInt32(input[index + 1]) : 0
            let b2 = remaining > 2 ? UInt32(input[index + 2]) : 0
            let group = b0 << 16 | b1 << 8 | b2
            output.append(alphabet[Int(group >> 18 & 0x3F)])
            output.append(alphabet[Int(group >> 12 & 0x3F)])
            output.append(remaining > 1 ? alphabet[Int(group >> 6 & 0x3F)] : pad)
            output.append(remaining > 2 ? alphabet[Int(group & 0x3F)] : pad)
            index += 3
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// Decodes strictly; `nil` for anything but canonical, padded base64. The empty input decodes
    /// to no bytes.
    public static func decode<Bytes: Collection>(_ text: Bytes) -> [UInt8]? where Bytes.Element == UInt8 {
        // Contiguous input (arrays, slices, UTF-8 views of native strings) is read in place.
        if let decoded = text.withContiguousStorageIfAvailable({ decode(buffer: $0) }) { return decoded }
        return Array(text).withUnsafeBufferPointer { decode(buffer: $0) }
    }

    private static func decode(buffer input: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        guard input.count % quantumLength == 0 else { return nil }
        var output: [UInt8] = []
        output.reserveCapacity(input.count / quantumLength * 3)
        var index = 0
        while index < input.count {
            let isLast = index + quantumLength == input.count
            let v0 = values[Int(input[index])]
            let v1 = values[Int(input[index + 1])]
            guard v0 != invalid, v1 != invalid else { return nil }
            let c2 = input[index + 2]
            let c3 = input[index + 3]
            if isLast && c2 == pad {
                // "xx==": one byte; the low 4 bits of the second symbol must be zero.
                guard c3 == pad, v1 & 0x0F == 0 else { return nil }
                output.append(v0 << 2 | v1 >> 4)
            } else if isLast && c3 == pad {
                // "xxx=": two bytes; the low 2 bits of the third symbol must be zero.
                let v2 = values[Int(c2)]
                guard v2 != invalid, v2 & 0x03 == 0 else { return nil }
                output.append(v0 << 2 | v1 >> 4)
                output.append(v1 << 4 | v2 >> 2)
            } else {
                let v2 = values[Int(c2)]
                let v3 = values[Int(c3)]
                guard v2 != invalid, v3 != invalid else { return nil }
                output.append(v0 << 2 | v1 >> 4)
                output.append(v1 << 4 | v2 >> 2)
                output.append(v2 << 6 | v3)
            }
            index += quantumLength
        }
        return output
    }

    /// Decodes the UTF-8 bytes of `text` strictly (see `decode(_:)`).
    public static func decode<Text: StringProtocol>(_ text: Text) -> [UInt8]? {
        decode(text.utf8)
    }
}
