extension IPAddress: CustomStringConvertible {
    /// The canonical text: dotted quad for IPv4; RFC 5952 for IPv6 (lowercase, no leading zeros,
    /// the longest run of two or more zero groups as `::`, the first such run on a tie), with an
    /// IPv4-mapped address written `::ffff:a.b.c.d` (RFC 5952 §5).
    public var description: String {
        var buffer: [UInt8] = []
        buffer.reserveCapacity(39)
        append(to: &buffer)
        return String(decoding: buffer, as: UTF8.self)
    }

    /// Appends ``description``'s bytes to `buffer` (for access logs, without a String).
    public func append(to buffer: inout [UInt8]) {
        switch self {
        case .v4(let value):
            Self.appendIPv4(value, to: &buffer)
        case .v6(high: 0, low: let low) where low >> 32 == 0xFFFF:
            ASCII.append("::ffff:", to: &buffer)
            Self.appendIPv4(UInt32(truncatingIfNeeded: low), to: &buffer)
        case .v6(let high, let low):
            let groups = (0..<8).map { UInt16(truncatingIfNeeded: ($0 < 4 ? high : low) >> (48 - 16 * UInt64($0 % 4))) }
            // The longest run of zero groups, if at least two long.
            var bestStart = -1
            var bestLength = 1
            var runStart = 0
            for index in 0...8 where index == 8 || groups[index] != 0 {
                if index - runStart > bestLength {
                    bestStart = runStart
                    bestLength = index - runStart
                }
                runStart = index + 1
            }
            var index = 0
            while index < 8 {
                if index == bestStart {
                    ASCII.append("::", to: &buffer)
                    index += bestLength
                    continue
                }
                if index > 0, index != bestStart + bestLength { buffer.append(ASCII.colon) }
                ASCII.appendUnsigned(UInt64(groups[index]), radix: 16, minimumDigits: 1, to: &buffer)
                index += 1
            }
        }
    }

    private static func appendIPv4(_ value: UInt32, to buffer: inout [UInt8]) {
        for shift in [24, 16, 8, 0] as [UInt32] {
            ASCII.appendDecimal(Int(value >> shift & 0xFF), to: &buffer)
            if shift > 0 { buffer.append(ASCII.dot) }
        }
    }
}
