/// One record of a protection file: its significant text and the physical lines it spans.
///
/// Group files and `.www_acl` files continue a record after a trailing `,` (gatehouse-semantics
/// §4–5), skipping blank and comment lines in between, exactly as the Protection parser joins
/// them; password files never continue.
struct Record: Sendable, Equatable {
    /// Index (0-based) of the first physical line.
    let first: Int
    /// Index of the last physical line.
    let last: Int
    /// The significant text, continuation lines joined with one space (as the parser does).
    let text: String

    /// The span as a range of line indices.
    var lines: ClosedRange<Int> { first...last }
    /// The 1-based line number the parser reports for this record.
    var lineNumber: Int { first + 1 }

    /// Every record of `text`.
    static func all(in text: TextLines, continueAfterComma: Bool) -> [Record] {
        var records: [Record] = []
        var open: (first: Int, last: Int, text: String)?
        for (index, line) in text.lines.enumerated() {
            let content = RecordLine.significant(line.content)
            if content.isEmpty { continue }
            if var pending = open {
                pending.text += " " + content
                pending.last = index
                open = pending
            } else {
                open = (index, index, String(content))
            }
            if let pending = open, !(continueAfterComma && pending.text.hasSuffix(",")) {
                records.append(Record(first: pending.first, last: pending.last, text: pending.text))
                open = nil
            }
        }
        if let pending = open { records.append(Record(first: pending.first, last: pending.last, text: pending.text)) }
        return records
    }

    /// The comments inside the record's lines, for keeping them when the record is rewritten.
    /// A one-line record keeps its trailing comment on the same line (`trailing`); comments of a
    /// multi-line record become whole comment lines above it (`above`).
    func comments(in text: TextLines) -> (above: [String], trailing: String) {
        if first == last { return ([], String(RecordLine.trailingComment(text.lines[first].content))) }
        var above: [String] = []
        for index in lines {
            let content = text.lines[index].content
            if let start = RecordLine.commentStart(content) { above.append(String(content[start...])) }
        }
        return (above, "")
    }

    /// Rewrites the record as `newText`, keeping its comments (see `comments(in:)`).
    func rewrite(_ newText: String, in text: inout TextLines) {
        let kept = comments(in: text)
        text.replace(lines, with: kept.above + [newText + kept.trailing])
    }
}

extension Record {
    /// Inserts `suffix` right after the record's last significant character, before any blanks
    /// and trailing comment, so the rest of its lines stay byte for byte.
    func append(_ suffix: String, in text: inout TextLines) {
        let content = text.lines[last].content
        let significant = RecordLine.trimmed(RecordLine.beforeComment(content))
        let end = significant.endIndex
        text.lines[last].content = String(content[..<end]) + suffix + String(content[end...])
    }
}
