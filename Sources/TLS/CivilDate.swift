/// Proleptic Gregorian calendar arithmetic for certificate times (RFC 5280 §4.1.2.5 times are
/// UTC), so no C library time zone state is involved.
enum CivilDate {
    /// Days from 1970-01-01 to `year-month-day` (negative before), by Howard Hinnant's
    /// `days_from_civil`: shift the year to start in March so the leap day falls last.
    static func daysSinceEpoch(year: Int64, month: Int64, day: Int64) -> Int64 {
        let shiftedYear = month <= 2 ? year - 1 : year
        let era = (shiftedYear >= 0 ? shiftedYear : shiftedYear - 399) / 400
        let yearOfEra = shiftedYear - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}
