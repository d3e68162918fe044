import Testing
@testable import Protection

@Test func logicalLines_stripCommentsAndJoinContinuations() {
    let text = "# heading\nstaff: ann,\n   bob # trailing\n\nweb#site: x\r\nlast: a,\n"
    let lines = LogicalLine.split(text, continueAfterComma: true)
    #expect(lines == [
        LogicalLine(number: 2, lastNumber: 3, text: "staff: ann, bob"),
        LogicalLine(number: 5, text: "web#site: x"),
        LogicalLine(number: 6, text: "last: a,"),
    ])
}

/// The grammar works on bytes: a combining mark after a separator (`#`, a blank, `\r`) leaves
/// the separator a separator, where grapheme clusters glued the two together (fuzz finding 4).
@Test(arguments: [
    ("#\u{301}ann:x", ""),                   // `#` starts a comment whatever follows it
    ("ann:x #\u{301}note", "ann:x"),
    ("\u{301}ann:x", "\u{301}ann:x"),        // a leading mark is text, not a blank
    (" \u{301}ann:x ", "\u{301}ann:x"),      // the blank before it is trimmed
    ("ann:x \r#\u{301}", "ann:x"),
])
func logicalLines_separatorsAreBytes(line: String, expected: String) {
    let text = LogicalLine.split(line + "\n", continueAfterComma: false).map(\.text)
    #expect(text == (expected.isEmpty ? [] : [expected]), "\(text.map { Array($0.unicodeScalars) })")
}

@Test func logicalLines_physicalLinesSplitAtNewlineBytes() {
    #expect(LogicalLine.physicalLines("a\r\nb\n\u{301}c\r\r\nd").map(String.init) == ["a", "b", "\u{301}c\r", "d"])
    #expect(LogicalLine.fields("a:\u{301}b:c"[...], separator: UInt8(ascii: ":"), maxSplits: 1).map(String.init) == ["a", "\u{301}b:c"])
}

@Test func logicalLines_withoutContinuationKeepCommaLinesApart() {
    let lines = LogicalLine.split("a: b,\nc: d\n", continueAfterComma: false)
    #expect(lines.map(\.number) == [1, 2])
}

@Test func logicalLines_reportOverlongLines() {
    var long: [Int] = []
    _ = LogicalLine.split("ok\n" + String(repeating: "x", count: LogicalLine.maxLineBytes + 1) + "\n", continueAfterComma: false) { long.append($0) }
    #expect(long == [2])
}

@Test(arguments: [("a/b/c", "../passwd", "a/passwd"), ("/srv/conf/httpd.conf", "passwd", "/srv/conf/passwd"),
                  ("/srv/conf/httpd.conf", "/etc/x", "/etc/x"), ("/srv/conf/httpd.conf", "../www/./a", "/srv/www/a"),
                  ("/httpd.conf", "../../x", "/x")])
func pathResolution_relativeToNamingFile(namingFile: String, name: String, expected: String) {
    #expect(PathResolution.resolve(name, relativeTo: namingFile) == expected)
}
