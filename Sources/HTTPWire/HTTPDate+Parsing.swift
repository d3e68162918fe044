extension HTTPDate {
    /// The smallest RFC 850 date, e.g. `Monday, 07-Nov-94 08:49:37 GMT` (`Friday`, six letters).
    private static let shortestRFC850Length = 30
    /// An asctime date, e.g. `Sun Nov  6 08:49:37 1994`.
    private static let asctimeLength = 24
    /// RFC 9110 §5.6.7: a two-digit year more than this many years in the future is in the past.
    private static let twoDigitYearFutureWindow = 50
    /// Without a clock, two-digit years below this are 20xx, the rest 19xx.
    private static let twoDigitYearPivot = 70

    /// Parses an HTTP-date in any of the three forms of RFC 9110 §5.6.7 (case-sensitive, no extra
    /// whitespace) into Unix seconds; nil when it is none of them or names an impossible date.
    /// `now` (Unix seconds) resolves an RFC 850 two-digit year as §5.6.7 requires; without it,
    /// 00–69 mean 2000–2069 and 70–99 mean 1970–1999. The day name is checked for spelling, not
    /// against the date.
    public static func parse(_ text: String, now: Int? = nil) -> Int? {
        var text = text
        return text.withUTF8 { parse(UnsafeRawBufferPointer($0), now: now) }
    }

    /// ``parse(_:now:)`` over bytes.
    public static func parse(_ bytes: UnsafeRawBufferPointer, now: Int? = nil) -> Int? {
        guard bytes.count >= asctimeLength else { return nil }
        if bytes[3] == ASCII.comma { return parseIMFFixdate(bytes) }
        if bytes[3] == ASCII.space { return parseAsctime(bytes) }
        return parseRFC850(bytes, now: now)
    }

    /// `Sun, 06 Nov 1994 08:49:37 GMT`
    private static func parseIMFFixdate(_ bytes: UnsafeRawBufferPointer) -> Int? {
        guard bytes.count == imfFixdateLength,
              index(of: bytes, 0, 3, in: dayNames) != nil,
              matches(bytes, 3, ", "), bytes[7] == ASCII.space, bytes[11] == ASCII.space, bytes[16] == ASCII.space,
              matches(bytes, 25, " GMT"),
              let day = digits(bytes, 5, 2),
              let month = index(of: bytes, 8, 3, in: monthNames),
              let year = digits(bytes, 12, 4) else { return nil }
        return assemble(year: year, month: month + 1, day: day, timeAt: 17, in: bytes)
    }

    /// `Sunday, 06-Nov-94 08:49:37 GMT`
    private static func parseRFC850(_ bytes: UnsafeRawBufferPointer, now: Int?) -> Int? {
        guard bytes.count >= shortestRFC850Length,
              let comma = bytes.firstIndex(of: ASCII.comma),
              index(of: bytes, 0, comma, in: longDayNames) != nil,
              bytes.count == comma + 24,
              bytes[comma + 1] == ASCII.space, bytes[comma + 4] == ASCII.minus, bytes[comma + 8] == ASCII.minus,
              bytes[comma + 11] == ASCII.space, matches(bytes, comma + 20, " GMT"),
              let day = digits(bytes, comma + 2, 2),
              let month = index(of: bytes, comma + 5, 3, in: monthNames),
              let shortYear = digits(bytes, comma + 9, 2) else { return nil }
        return assemble(year: fullYear(shortYear, now: now), month: month + 1, day: day, timeAt: comma + 12, in: bytes)
    }

    /// `Sun Nov  6 08:49:37 1994` (day is `SP DIGIT` or `2DIGIT`).
    private static func parseAsctime(_ bytes: UnsafeRawBufferPointer) -> Int? {
        guard bytes.count == asctimeLength,
              index(of: bytes, 0, 3, in: dayNames) != nil,
              bytes[7] == ASCII.space, bytes[10] == ASCII.space, bytes[19] == ASCII.space,
              let month = index(of: bytes, 4, 3, in: monthNames),
              let year = digits(bytes, 20, 4) else { return nil }
        let day: Int
        if bytes[8] == ASCII.space {
            guard let units = digits(bytes, 9, 1) else { return nil }
            day = units
        } else {
            guard let both = digits(bytes, 8, 2) else { return nil }
            day = both
        }
        return assemble(year: year, month: month + 1, day: day, timeAt: 11, in: bytes)
    }

    /// Reads `HH:MM:SS` at `offset` and combines it with the date, checking every field's range
    /// (second 60 is a leap second, RFC 9110 §5.6.7).
    private static func assemble(year: Int, month: Int, day: Int, timeAt offset: Int, in bytes: UnsafeRawBufferPointer) -> Int? {
        guard bytes[offset + 2] == ASCII.colon, bytes[offset + 5] == ASCII.colon,
              let hour = digits(bytes, offset, 2), hour < 24,
              let minute = digits(bytes, offset + 3, 2), minute < 60,
              let second = digits(bytes, offset + 6, 2), second <= 60,
              day >= 1, day <= daysInMonth(year, month) else { return nil }
        return days(fromCivil: year, month, day) * secondsPerDay + hour * 3600 + minute * 60 + second
    }

    /// RFC 9110 §5.6.7: a two-digit year that appears more than 50 years in the future is the most
    /// recent past year with those digits.
    private static func fullYear(_ shortYear: Int, now: Int?) -> Int {
        guard let now else { return shortYear < twoDigitYearPivot ? 2000 + shortYear : 1900 + shortYear }
        let currentYear = civil(fromDays: floorDivide(now, secondsPerDay)).year
        var year = currentYear - currentYear % 100 + shortYear
        if year > currentYear + twoDigitYearFutureWindow { year -= 100 }
        if year <= currentYear + twoDigitYearFutureWindow - 100 { year += 100 }
        return year
    }

    private static func digits(_ bytes: UnsafeRawBufferPointer, _ offset: Int, _ count: Int) -> Int? {
        var value = 0
        for index in offset..<(offset + count) {
            let byte = bytes[index]
            guard ASCII.isDigit(byte) else { return nil }
            value = value * 10 + Int(byte &- ASCII.zero)
        }
        return value
    }

    private static func matches(_ bytes: UnsafeRawBufferPointer, _ offset: Int, _ literal: StaticString) -> Bool {
        guard offset + literal.utf8CodeUnitCount <= bytes.count else { return false }
        return UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + literal.utf8CodeUnitCount)])
            .elementsEqual(UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount))
    }

    private static func index(of bytes: UnsafeRawBufferPointer, _ offset: Int, _ count: Int, in names: [StaticString]) -> Int? {
        names.firstIndex { $0.utf8CodeUnitCount == count && matches(bytes, offset, $0) }
    }
}
