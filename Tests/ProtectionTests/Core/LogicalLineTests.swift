import Testing
@testable import Protection

@Test func logicalLines_stripCommentsAndJoinContinuations() {
    let text = "# heading\nstaff: ann,\n   bob # trailing\n\nweb#site: x\r\nlast: a,\n"
    let lines = LogicalLine.split(text, continueAfterComma: true)
    #expect(lines == [
        LogicalLine(number: 2, text: "staff: ann, bob"),
        LogicalLine(number: 5, text: "web#site: x"),
        LogicalLine(number: 6, text: "last: a,"),
    ])
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
