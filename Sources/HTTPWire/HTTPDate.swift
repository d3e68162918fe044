/// HTTP dates (RFC 9110 §5.6.7) to and from Unix seconds, with the civil-calendar arithmetic done
/// here (Howard Hinnant's days-from-civil), no Foundation. Formatting always writes IMF-fixdate,
/// `Sun, 06 Nov 1994 08:49:37 GMT`; parsing also accepts the obsolete RFC 850 and asctime forms.
public enum HTTPDate {
    /// The length of an IMF-fixdate.
    public static let imfFixdateLength = 29
    /// The earliest instant formatted as itself: 0001-01-01T00:00:00Z; earlier ones are clamped.
    public static let earliestFormattable = -62_135_596_800
    /// The latest instant formatted as itself: 9999-12-31T23:59:59Z (IMF-fixdate has a 4-digit
    /// year); later ones are clamped.
    public static let latestFormattable = 253_402_300_799

    /// Seconds in a day (Unix time has no leap seconds).
    static let secondsPerDay = 86_400
    /// Day-name abbreviations, Sunday first (1970-01-01 was a Thursday).
    static let dayNames: [StaticString] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    /// Full day names for RFC 850 dates, Sunday first.
    static let longDayNames: [StaticString] = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]
    /// Month abbreviations, January first.
    static let monthNames: [StaticString] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// `seconds` since the Unix epoch as an IMF-fixdate string.
    public static func format(_ seconds: Int) -> String {
        var buffer: [UInt8] = []
        buffer.reserveCapacity(imfFixdateLength)
        format(seconds, into: &buffer)
        return String(decoding: buffer, as: UTF8.self)
    }

    /// Appends `seconds` since the Unix epoch as an IMF-fixdate (29 bytes) to `buffer`.
    public static func format(_ seconds: Int, into buffer: inout [UInt8]) {
        let clamped = min(max(seconds, earliestFormattable), latestFormattable)
        let days = floorDivide(clamped, secondsPerDay)
        let secondOfDay = clamped - days * secondsPerDay
        let (year, month, day) = civil(fromDays: days)
        ASCII.append(dayNames[weekday(fromDays: days)], to: &buffer)
        ASCII.append(", ", to: &buffer)
        appendTwoDigits(day, to: &buffer)
        buffer.append(ASCII.space)
        ASCII.append(monthNames[month - 1], to: &buffer)
        buffer.append(ASCII.space)
        ASCII.appendUnsigned(UInt64(year), radix: 10, minimumDigits: 4, to: &buffer)
        buffer.append(ASCII.space)
        appendTwoDigits(secondOfDay / 3600, to: &buffer)
        buffer.append(ASCII.colon)
        appendTwoDigits(secondOfDay / 60 % 60, to: &buffer)
        buffer.append(ASCII.colon)
        appendTwoDigits(secondOfDay % 60, to: &buffer)
        ASCII.append(" GMT", to: &buffer)
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (month 1...12, day 1...31).
    static func days(fromCivil year: Int, _ month: Int, _ day: Int) -> Int {
        let shiftedYear = month <= 2 ? year - 1 : year
        let era = floorDivide(shiftedYear, 400)
        let yearOfEra = shiftedYear - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The proleptic Gregorian date of `days` since 1970-01-01.
    static func civil(fromDays days: Int) -> (year: Int, month: Int, day: Int) {
        let shifted = days + 719_468
        let era = floorDivide(shifted, 146_097)
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// 0 = Sunday.
    static func weekday(fromDays days: Int) -> Int {
        let remainder = (days + 4) % 7
        return remainder < 0 ? remainder + 7 : remainder
    }

    /// Gregorian leap-year rule.
    static func isLeapYear(_ year: Int) -> Bool {
        year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
    }

    /// Days in `month` (1...12) of `year`.
    static func daysInMonth(_ year: Int, _ month: Int) -> Int {
        switch month {
        case 2: isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Division rounding towards negative infinity, for instants before 1970.
    static func floorDivide(_ value: Int, _ divisor: Int) -> Int {
        let quotient = value / divisor
        return value % divisor < 0 ? quotient - 1 : quotient
    }

    private static func appendTwoDigits(_ value: Int, to buffer: inout [UInt8]) {
        buffer.append(ASCII.zero &+ UInt8(truncatingIfNeeded: value / 10))
        buffer.append(ASCII.zero &+ UInt8(truncatingIfNeeded: value % 10))
    }
}
