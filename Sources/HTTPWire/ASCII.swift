/// Byte constants, character classes and small writers shared by the parsers and serialisers.
///
/// Classifiers use bit masks rather than lookup tables so that the hot loops touch no globals.
enum ASCII {
    /// Byte values used by the parsers, named for readability.
    static let tab: UInt8 = 0x09
    static let lf: UInt8 = 0x0A
    static let cr: UInt8 = 0x0D
    static let space: UInt8 = 0x20
    static let doubleQuote: UInt8 = 0x22
    static let hash: UInt8 = 0x23
    static let percent: UInt8 = 0x25
    static let comma: UInt8 = 0x2C
    static let minus: UInt8 = 0x2D
    static let dot: UInt8 = 0x2E
    static let slash: UInt8 = 0x2F
    static let zero: UInt8 = 0x30
    static let colon: UInt8 = 0x3A
    static let semicolon: UInt8 = 0x3B
    static let equals: UInt8 = 0x3D
    static let question: UInt8 = 0x3F
    static let at: UInt8 = 0x40
    static let leftBracket: UInt8 = 0x5B
    static let rightBracket: UInt8 = 0x5D
    static let delete: UInt8 = 0x7F

    /// RFC 9110 §5.6.2 `tchar`: ``!#$%&'*+-.^_`|~``, DIGIT, ALPHA.
    @inline(__always)
    static func isTChar(_ byte: UInt8) -> Bool {
        if byte < 64 { return (0x03FF_6CFA_0000_0000 as UInt64) >> UInt64(byte) & 1 == 1 }
        if byte < 128 { return (0x57FF_FFFF_C7FF_FFFE as UInt64) >> UInt64(byte &- 64) & 1 == 1 }
        return false
    }

    /// A byte that may appear inside a request-target on the wire: visible ASCII or obs-text
    /// (high bytes are validated later, as UTF-8, by the target normaliser).
    @inline(__always)
    static func isTargetByte(_ byte: UInt8) -> Bool {
        byte > space && byte != delete
    }

    /// RFC 9112 §5 / RFC 9110 §5.5: `field-vchar` (VCHAR / obs-text) or SP / HTAB.
    @inline(__always)
    static func isFieldValueByte(_ byte: UInt8) -> Bool {
        (byte >= space && byte != delete) || byte == tab
    }

    /// SP or HTAB (RFC 9110 §5.6.3 `OWS`).
    @inline(__always)
    static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == space || byte == tab
    }

    /// `DIGIT` (RFC 5234).
    @inline(__always)
    static func isDigit(_ byte: UInt8) -> Bool {
        byte &- zero < 10
    }

    /// `ALPHA` (RFC 5234).
    @inline(__always)
    static func isAlpha(_ byte: UInt8) -> Bool {
        (byte | 0x20) &- 0x61 < 26
    }

    /// The value of a hexadecimal digit, or nil.
    @inline(__always)
    static func hexValue(_ byte: UInt8) -> UInt8? {
        if byte &- zero < 10 { return byte &- zero }
        let lower = byte | 0x20
        if lower &- 0x61 < 6 { return lower &- 0x61 &+ 10 }
        return nil
    }

    /// ASCII lowercase of one byte; other bytes unchanged.
    @inline(__always)
    static func lowercased(_ byte: UInt8) -> UInt8 {
        byte &- 0x41 < 26 ? byte | 0x20 : byte
    }

    /// Whether `bytes` equals `lowercaseLiteral` ignoring ASCII case. The literal must be lowercase.
    static func equalsIgnoringCase(_ bytes: UnsafeRawBufferPointer, _ lowercaseLiteral: StaticString) -> Bool {
        guard bytes.count == lowercaseLiteral.utf8CodeUnitCount else { return false }
        let literal = lowercaseLiteral.utf8Start
        for index in 0..<bytes.count where lowercased(bytes[index]) != literal[index] {
            return false
        }
        return true
    }

    /// Whether two byte strings are equal ignoring ASCII case.
    static func equalsIgnoringCase(_ lhs: UnsafeRawBufferPointer, _ rhs: UnsafeRawBufferPointer) -> Bool {
        guard lhs.count == rhs.count else { return false }
        for index in 0..<lhs.count where lowercased(lhs[index]) != lowercased(rhs[index]) {
            return false
        }
        return true
    }

    /// `bytes` without leading and trailing SP / HTAB.
    static func trimmingWhitespace(_ bytes: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer {
        var start = 0
        var end = bytes.count
        while start < end, isWhitespace(bytes[start]) { start += 1 }
        while end > start, isWhitespace(bytes[end - 1]) { end -= 1 }
        return UnsafeRawBufferPointer(rebasing: bytes[start..<end])
    }

    /// Calls `body` with each element of an RFC 9110 §5.6.1 comma-separated list, trimmed of OWS.
    /// Empty elements are passed too, so callers can decide whether they are acceptable.
    /// Stops early when `body` returns false; returns whether it ran to the end.
    @discardableResult
    static func forEachListElement(
        _ bytes: UnsafeRawBufferPointer, _ body: (UnsafeRawBufferPointer) -> Bool
    ) -> Bool {
        var start = 0
        var index = 0
        while index <= bytes.count {
            if index == bytes.count || bytes[index] == comma {
                let element = trimmingWhitespace(UnsafeRawBufferPointer(rebasing: bytes[start..<index]))
                if !body(element) { return false }
                start = index + 1
            }
            index += 1
        }
        return true
    }

    /// Parses `1*DIGIT` into a non-negative Int; nil when empty, not all digits, or longer than
    /// `maxDigits` (at most 18, so the value always fits).
    static func parseDecimal(_ bytes: UnsafeRawBufferPointer, maxDigits: Int = 18) -> Int? {
        guard !bytes.isEmpty, bytes.count <= min(maxDigits, 18) else { return nil }
        var value = 0
        for byte in bytes {
            guard isDigit(byte) else { return nil }
            value = value * 10 + Int(byte &- zero)
        }
        return value
    }

    /// Appends a StaticString's bytes.
    @inline(__always)
    static func append(_ literal: StaticString, to buffer: inout [UInt8]) {
        buffer.append(contentsOf: UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount))
    }

    /// Appends the decimal digits of a non-negative value (negative values are written as 0).
    static func appendDecimal(_ value: Int, to buffer: inout [UInt8]) {
        appendUnsigned(UInt64(max(value, 0)), radix: 10, minimumDigits: 1, to: &buffer)
    }

    /// Appends `value` in `radix` (10 or 16, lowercase), zero-padded to `minimumDigits`.
    static func appendUnsigned(_ value: UInt64, radix: UInt64, minimumDigits: Int, to buffer: inout [UInt8]) {
        var digits = 1
        var probe = value / radix
        while probe > 0 { digits += 1; probe /= radix }
        digits = max(digits, minimumDigits)
        let start = buffer.count
        buffer.append(contentsOf: repeatElement(zero, count: digits))
        var remaining = value
        var index = start + digits - 1
        while remaining > 0 {
            let digit = UInt8(truncatingIfNeeded: remaining % radix)
            buffer[index] = digit < 10 ? zero &+ digit : 0x61 &+ digit &- 10
            remaining /= radix
            index -= 1
        }
    }

    /// Appends `text`'s UTF-8 bytes, dropping control bytes other than HTAB, so that a field value
    /// can never end a line early (RFC 9110 §5.5: CR, LF and NUL are invalid in a field value;
    /// dropping them defeats response splitting).
    static func appendFieldValue(_ text: String, to buffer: inout [UInt8]) {
        var text = text
        text.withUTF8 { utf8 in
            if utf8.allSatisfy(isFieldValueByte) {
                buffer.append(contentsOf: utf8)
            } else {
                for byte in utf8 where isFieldValueByte(byte) { buffer.append(byte) }
            }
        }
    }
}
