import Testing
@testable import HTTPWire

struct ByteRangeTests {
    @Test(arguments: [
        ("bytes=0-499", ByteRange.satisfiable(start: 0, endInclusive: 499)),
        ("bytes=500-", .satisfiable(start: 500, endInclusive: 999)),
        ("bytes=-200", .satisfiable(start: 800, endInclusive: 999)),
        ("bytes=-2000", .satisfiable(start: 0, endInclusive: 999)),
        ("bytes=0-0", .satisfiable(start: 0, endInclusive: 0)),
        ("bytes=999-", .satisfiable(start: 999, endInclusive: 999)),
        ("bytes=999-999", .satisfiable(start: 999, endInclusive: 999)),
        ("bytes=0-999999999999999999999", .satisfiable(start: 0, endInclusive: 999)),
        ("BYTES=0-1", .satisfiable(start: 0, endInclusive: 1)),
        ("bytes= 0-1 ", .satisfiable(start: 0, endInclusive: 1)),
        ("bytes=1-2,", .satisfiable(start: 1, endInclusive: 2)),
        ("bytes=1000-", .unsatisfiable),
        ("bytes=1000-2000", .unsatisfiable),
        ("bytes=99999999999999999999999-", .unsatisfiable),
        ("bytes=-0", .unsatisfiable),
        ("bytes=500-100", .ignored),
        ("bytes=0-1,5-6", .ignored),
        ("bytes=0-1, -5", .ignored),
        ("items=0-1", .ignored),
        ("bytes 0-1", .ignored),
        ("bytes=abc", .ignored),
        ("bytes=", .ignored),
        ("bytes=-", .ignored),
        ("bytes=--1", .ignored),
        ("bytes=1-2-3", .ignored),
        ("bytes=1 -2", .ignored),
        ("bytes=+1-2", .ignored),
        ("", .ignored),
    ])
    func parse_againstThousandByteFile(value: String, expected: ByteRange) {
        #expect(ByteRange(parsing: value, fileSize: 1000) == expected)
    }

    @Test(arguments: ["bytes=0-", "bytes=-5", "bytes=0-0"])
    func parse_emptyFileIsUnsatisfiable(value: String) {
        #expect(ByteRange(parsing: value, fileSize: 0) == .unsatisfiable)
    }

    @Test func length_countsInclusiveRange() {
        #expect(ByteRange.satisfiable(start: 10, endInclusive: 19).length == 10)
        #expect(ByteRange.unsatisfiable.length == nil)
        #expect(ByteRange.ignored.length == nil)
    }

    @Test func contentRange_formats() {
        #expect(ByteRange.contentRange(start: 0, endInclusive: 499, size: 1234) == "bytes 0-499/1234")
        #expect(ByteRange.unsatisfiedContentRange(size: 1234) == "bytes */1234")
    }
}
