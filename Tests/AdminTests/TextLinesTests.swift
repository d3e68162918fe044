import Protection
import Testing
@testable import Admin

@Suite struct TextLinesTests {
    @Test(arguments: ["", "a", "a\n", "a\r\nb\r\n", "a\n\n\nb", "# c\r\n\r\nx:y", "é:ü\n", "a\rb\n"])
    func text_roundTripsByteForByte(text: String) {
        #expect(TextLines(text).text == text)
    }

    @Test(arguments: [
        ("a", "b", "a\nb\n"),
        ("a\n", "b", "a\nb\n"),
        ("a\r\n", "b", "a\r\nb\r\n"),
        ("", "b", "b\n"),
    ])
    func append_endsAnOpenLastLineAndUsesTheFileNewline(text: String, line: String, expected: String) {
        var lines = TextLines(text)
        lines.append(line)
        #expect(lines.text == expected)
    }

    @Test(arguments: [
        ("a\nb\nc\n", 1...1, "a\nc\n"),
        ("a\nb\nc", 2...2, "a\nb"),
        ("a\nb\nc", 1...2, "a"),
        ("a\r\nb\r\n", 0...0, "b\r\n"),
    ])
    func remove_keepsTheOtherLines(text: String, range: ClosedRange<Int>, expected: String) {
        var lines = TextLines(text)
        lines.remove(range)
        #expect(lines.text == expected)
    }

    @Test(arguments: [
        ("staff: ann, bob", "staff: ann, bob"),
        ("staff: ann  # lead", "staff: ann"),
        ("# all comment", ""),
        ("  x#y  ", "x#y"),
        ("\tname: a\t#c", "name: a"),
    ])
    func significant_dropsCommentsAndBlanks(line: String, expected: String) {
        #expect(LogicalLine.trimmed(LogicalLine.stripComment(line[...])) == expected[...])
    }

    @Test func records_joinContinuationLinesAcrossCommentsAndBlanks() {
        let text = TextLines("# head\nstaff: ann,\n# inner\n\n  bob  # tail\nops: carol\n")
        let records = Record.all(in: text, continueAfterComma: true)
        #expect(records == [
            Record(first: 1, last: 4, text: "staff: ann, bob"),
            Record(first: 5, last: 5, text: "ops: carol"),
        ])
        #expect(Record.all(in: text, continueAfterComma: false).count == 3)
    }
}
