import Testing
@testable import HTTPWire

struct ByteRangeSetTests {
    @Test(arguments: [
        ("bytes=0-9,20-29", ByteRangeSet.satisfiable([0...9, 20...29])),
        ("bytes=20-29, 0-9", .satisfiable([20...29, 0...9])),
        ("bytes=0-0,-1", .satisfiable([0...0, 999...999])),
        ("bytes=500-,0-99", .satisfiable([500...999, 0...99])),
        ("bytes=0-9,5-14", .satisfiable([0...9, 5...14])),
        ("bytes=0-9, ,20-29,", .satisfiable([0...9, 20...29])),
        ("bytes=0-499,500-999", .satisfiable([0...499, 500...999])),
        ("bytes=0-499,400-999", .ignored),
        ("bytes=0-,0-", .ignored),
        ("bytes=-600,-600", .ignored),
        ("bytes=0-9,2000-3000", .satisfiable([0...9])),
        ("bytes=2000-3000,0-9,-0", .satisfiable([0...9])),
        ("bytes=2000-,3000-3001,-0", .unsatisfiable),
        ("bytes=0-9,abc", .ignored),
        ("bytes=0-9,9-5", .ignored),
        ("bytes=0-9;20-29", .ignored),
        ("bytes=, ,", .ignored),
        ("bytes=0-1", .satisfiable([0...1])),
    ])
    func parse_againstThousandByteFile(value: String, expected: ByteRangeSet) {
        #expect(ByteRangeSet(parsing: value, fileSize: 1000) == expected)
    }

    @Test func parse_honoursUpToSixteenRanges() {
        let sixteen = (0..<16).map { "\($0 * 10)-\($0 * 10 + 1)" }
        let expected = (0..<16).map { ($0 * 10)...($0 * 10 + 1) }
        #expect(ByteRangeSet(parsing: "bytes=" + sixteen.joined(separator: ","), fileSize: 1000) == .satisfiable(expected))
        let seventeen = sixteen + ["200-201"]
        #expect(ByteRangeSet(parsing: "bytes=" + seventeen.joined(separator: ","), fileSize: 1000) == .ignored)
        // Unsatisfiable ranges count too: the limit bounds the work, not the answer.
        let padded = sixteen + ["5000-"]
        #expect(ByteRangeSet(parsing: "bytes=" + padded.joined(separator: ","), fileSize: 1000) == .ignored)
    }

    @Test func parse_customLimit() {
        #expect(ByteRangeSet(parsing: "bytes=0-1,3-4", fileSize: 10, maxRanges: 1) == .ignored)
        #expect(ByteRangeSet(parsing: "bytes=0-1,3-4", fileSize: 10, maxRanges: 2) == .satisfiable([0...1, 3...4]))
    }

    @Test(arguments: ["bytes=0-,5-", "bytes=-5,-1", "bytes=0-0,1-1"])
    func parse_emptyFileIsUnsatisfiable(value: String) {
        #expect(ByteRangeSet(parsing: value, fileSize: 0) == .unsatisfiable)
    }

    @Test func parse_hugePositionsDoNotOverflow() {
        let huge = "99999999999999999999999"
        #expect(ByteRangeSet(parsing: "bytes=0-\(huge),\(huge)-", fileSize: Int.max) == .satisfiable([0...(Int.max - 1)]))
        #expect(ByteRangeSet(parsing: "bytes=-\(huge),0-0", fileSize: Int.max) == .ignored)
    }

    @Test(arguments: [
        ("bytes=0-1", ByteRange.satisfiable(start: 0, endInclusive: 1)),
        ("bytes=0-1,3-4", .ignored),
        ("bytes=0-1,5000-", .ignored),
        ("bytes=5000-", .unsatisfiable),
    ])
    func singleRange_isTheOneRangeView(value: String, expected: ByteRange) {
        #expect(ByteRange(parsing: value, fileSize: 1000) == expected)
    }
}
