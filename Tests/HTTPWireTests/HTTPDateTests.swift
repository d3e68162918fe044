import Testing
@testable import HTTPWire

struct HTTPDateTests {
    @Test(arguments: [
        (784_111_777, "Sun, 06 Nov 1994 08:49:37 GMT"),
        (0, "Thu, 01 Jan 1970 00:00:00 GMT"),
        (-1, "Wed, 31 Dec 1969 23:59:59 GMT"),
        (951_782_400, "Tue, 29 Feb 2000 00:00:00 GMT"),
        (1_709_208_000, "Thu, 29 Feb 2024 12:00:00 GMT"),
        (2_147_483_648, "Tue, 19 Jan 2038 03:14:08 GMT"),
        (-2_203_891_200, "Thu, 01 Mar 1900 00:00:00 GMT"),
        (253_402_300_799, "Fri, 31 Dec 9999 23:59:59 GMT"),
        (-62_135_596_800, "Mon, 01 Jan 0001 00:00:00 GMT"),
    ])
    func format_writesIMFFixdate(seconds: Int, text: String) {
        #expect(HTTPDate.format(seconds) == text)
        #expect(HTTPDate.parse(text) == seconds)
    }

    @Test func format_clampsOutOfRange() {
        #expect(HTTPDate.format(Int.max) == "Fri, 31 Dec 9999 23:59:59 GMT")
        #expect(HTTPDate.format(Int.min) == "Mon, 01 Jan 0001 00:00:00 GMT")
    }

    @Test func format_appendsIntoBuffer() {
        var buffer = Array("Date: ".utf8)
        HTTPDate.format(784_111_777, into: &buffer)
        #expect(String(decoding: buffer, as: UTF8.self) == "Date: Sun, 06 Nov 1994 08:49:37 GMT")
    }

    @Test func roundTrip_overManyTimestamps() {
        // Every ~37 days plus an odd number of seconds from 1901 to 2099: crosses every month,
        // leap days (1904 … 2096, not 2100) and all times of day.
        var seconds = -2_147_483_648
        var count = 0
        while seconds < 4_102_444_800 {
            let text = HTTPDate.format(seconds)
            #expect(text.utf8.count == HTTPDate.imfFixdateLength)
            #expect(HTTPDate.parse(text) == seconds, "\(text)")
            seconds += 3_200_021
            count += 1
        }
        #expect(count > 1_900)
    }

    @Test func roundTrip_everyDayOfLeapYears() {
        for year in [1972, 2000, 2024] {
            let start = HTTPDate.days(fromCivil: year, 1, 1)
            for day in 0..<366 {
                let seconds = (start + day) * 86_400 + 45_296
                #expect(HTTPDate.parse(HTTPDate.format(seconds)) == seconds)
            }
            #expect(HTTPDate.civil(fromDays: start + 59) == (year, 2, 29))
        }
    }

    @Test func civil_matchesDaysFromCivil() {
        for days in stride(from: -800_000, through: 3_000_000, by: 997) {
            let (year, month, day) = HTTPDate.civil(fromDays: days)
            #expect(HTTPDate.days(fromCivil: year, month, day) == days)
        }
    }

    @Test(arguments: [
        "Sun, 06 Nov 1994 08:49:37 GMT",
        "Sunday, 06-Nov-94 08:49:37 GMT",
        "Sun Nov  6 08:49:37 1994",
        "Sun Nov 06 08:49:37 1994",
    ])
    func parse_acceptsAllThreeForms(text: String) {
        #expect(HTTPDate.parse(text) == 784_111_777)
    }

    @Test(arguments: [
        ("Wednesday, 09-Nov-94 08:49:37 GMT", 1_700_000_000, 784_370_977),
        ("Thursday, 01-Jan-70 00:00:00 GMT", 1_700_000_000, 3_155_760_000),
        ("Tuesday, 01-Jan-80 00:00:00 GMT", 1_700_000_000, 315_532_800),
        ("Friday, 01-Jan-00 00:00:00 GMT", 4_070_908_800, 4_102_444_800),
        ("Thursday, 01-Jan-70 00:00:00 GMT", 0, 0),
        ("Tuesday, 01-Jan-30 00:00:00 GMT", 1_700_000_000, 1_893_456_000),
    ])
    func parse_resolvesTwoDigitYearsAgainstNow(text: String, now: Int, expected: Int) {
        #expect(HTTPDate.parse(text, now: now) == expected)
    }

    @Test(arguments: [("Monday, 01-Jan-69 00:00:00 GMT", 2069), ("Monday, 01-Jan-70 00:00:00 GMT", 1970)])
    func parse_usesPivotWithoutNow(text: String, year: Int) throws {
        let seconds = try #require(HTTPDate.parse(text))
        #expect(HTTPDate.civil(fromDays: HTTPDate.floorDivide(seconds, 86_400)).year == year)
    }

    @Test(arguments: [
        "", "garbage", "sun, 06 Nov 1994 08:49:37 GMT", "Sun, 06 nov 1994 08:49:37 GMT",
        "Sun, 06 Nov 1994 08:49:37 gmt", "Sun, 06 Nov 1994 08:49:37 UTC", "Sun, 06 Nov 1994 08:49:37",
        "Sun,  06 Nov 1994 08:49:37 GMT", "Sun, 6 Nov 1994 08:49:37 GMT", "Sun, 06 Nov 1994 08:49:37 GMT ",
        "Sun, 32 Jan 1994 08:49:37 GMT", "Sun, 00 Jan 1994 08:49:37 GMT", "Sun, 30 Feb 2000 00:00:00 GMT",
        "Mon, 29 Feb 2100 00:00:00 GMT", "Thu, 29 Feb 1900 00:00:00 GMT", "Sun, 06 Nov 1994 24:00:00 GMT",
        "Sun, 06 Nov 1994 08:60:00 GMT", "Sun, 06 Nov 1994 08:49:61 GMT", "Fun, 06 Nov 1994 08:49:37 GMT",
        "Sun, 06 Nox 1994 08:49:37 GMT", "Sun, 06 Nov 19x4 08:49:37 GMT", "Sun, 06 Nov 1994 08-49-37 GMT",
        "Sunday, 06-Nov-1994 08:49:37 GMT", "Sonday, 06-Nov-94 08:49:37 GMT", "Sun Nov 6 08:49:37 1994",
        "Sun Nov  6 08:49:37 94", "Sun Nov 31 08:49:37 1994",
    ])
    func parse_rejectsInvalid(text: String) {
        #expect(HTTPDate.parse(text) == nil)
    }

    @Test func parse_acceptsLeapSecondAndLeapDay() {
        #expect(HTTPDate.parse("Sat, 31 Dec 2016 23:59:60 GMT") == 1_483_228_800)
        #expect(HTTPDate.parse("Sat, 29 Feb 2020 00:00:00 GMT") == 1_582_934_400)
    }
}
