extension IPAddress {
    /// The longest textual address accepted: a full IPv6 address with an IPv4 tail
    /// (`ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255`) is 45 bytes.
    static let maxTextBytes = 45

    /// Parses an IPv4 dotted quad or an IPv6 address in RFC 4291 §2.2 text form (`::` once,
    /// 1–4 hex digits a group, an IPv4 tail allowed). No brackets, zone (`%eth0`), port or
    /// whitespace. IPv4 is strict, as the PROXY protocol requires and glibc's `inet_pton` reads it:
    /// exactly four decimal parts of 0–255 without leading zeros (`010` could mean octal).
    public init?(parsing text: String) {
        var text = text
        guard let parsed = text.withUTF8({ Self.parse(UnsafeRawBufferPointer($0)) }) else { return nil }
        self = parsed
    }

    /// ``init(parsing:)`` over bytes.
    static func parse(_ bytes: UnsafeRawBufferPointer) -> IPAddress? {
        guard !bytes.isEmpty, bytes.count <= maxTextBytes else { return nil }
        if bytes.contains(ASCII.colon) { return parseIPv6(bytes) }
        return parseIPv4(bytes).map { .v4($0) }
    }

    /// Parses only an IPv4 dotted quad.
    static func parseIPv4(_ bytes: UnsafeRawBufferPointer) -> UInt32? {
        var value: UInt32 = 0
        var parts = 0
        var part: UInt32 = 0
        var digits = 0
        for index in 0...bytes.count {
            if index == bytes.count || bytes[index] == ASCII.dot {
                // 1–3 digits, no leading zero unless the part is "0", at most 255.
                guard digits > 0, part <= 255, !(digits > 1 && bytes[index - digits] == ASCII.zero) else { return nil }
                value = value << 8 | part
                parts += 1
                part = 0
                digits = 0
            } else {
                guard ASCII.isDigit(bytes[index]), digits < 3 else { return nil }
                part = part * 10 + UInt32(bytes[index] &- ASCII.zero)
                digits += 1
            }
        }
        return parts == 4 ? value : nil
    }

    /// Parses only an IPv6 address (an IPv4-looking text is refused).
    static func parseIPv6(_ bytes: UnsafeRawBufferPointer) -> IPAddress? {
        guard bytes.count <= maxTextBytes else { return nil }
        // The groups as written, and how many came before the `::` if there is one.
        var words = SIMD8<UInt16>()
        var written = 0
        var gap: Int?
        var index = 0
        let count = bytes.count
        if count >= 2, bytes[0] == ASCII.colon, bytes[1] == ASCII.colon {
            gap = 0
            index = 2
        }
        while index < count {
            let groupEnd = bytes[index...].firstIndex(of: ASCII.colon) ?? count
            if bytes[index..<groupEnd].contains(ASCII.dot) {
                // An IPv4 tail: the last 32 bits, ending the address (RFC 4291 §2.2 form 3).
                guard groupEnd == count, written <= 6,
                      let v4 = parseIPv4(UnsafeRawBufferPointer(rebasing: bytes[index..<count])) else { return nil }
                words[written] = UInt16(truncatingIfNeeded: v4 >> 16)
                words[written + 1] = UInt16(truncatingIfNeeded: v4)
                written += 2
                break
            }
            guard written < 8, (1...4).contains(groupEnd - index) else { return nil }
            var word: UInt16 = 0
            for position in index..<groupEnd {
                guard let digit = ASCII.hexValue(bytes[position]) else { return nil }
                word = word << 4 | UInt16(digit)
            }
            words[written] = word
            written += 1
            index = groupEnd
            guard index < count else { break }
            index += 1  // the ':'
            if index < count, bytes[index] == ASCII.colon {
                guard gap == nil else { return nil }  // a second `::`
                gap = written
                index += 1
            } else if index == count {
                return nil  // a trailing single ':'
            }
        }
        var groups = words
        if let gap {
            // `::` stands for at least one group of zeros: move the groups after it to the end.
            guard written <= 7 else { return nil }
            let after = written - gap
            groups = SIMD8<UInt16>()
            for position in 0..<gap { groups[position] = words[position] }
            for position in 0..<after { groups[8 - after + position] = words[gap + position] }
        } else {
            guard written == 8 else { return nil }
        }
        var high: UInt64 = 0
        var low: UInt64 = 0
        for position in 0..<4 { high = high << 16 | UInt64(groups[position]) }
        for position in 4..<8 { low = low << 16 | UInt64(groups[position]) }
        return .v6(high: high, low: low)
    }
}
