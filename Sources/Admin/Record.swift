import Protection

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

    /// Every record of `text`, read with the server's own line grammar (`LogicalLine`), so the
    /// tools and the server agree on what is a record, a comment or a blank line.
    static func all(in text: TextLines, continueAfterComma: Bool) -> [Record] {
        LogicalLine.split(text.text, continueAfterComma: continueAfterComma).map { line in
            Record(first: line.number - 1, last: line.lastNumber - 1, text: line.text)
        }
    }

    /// The comments inside the record's lines, for keeping them when the record is rewritten.
    /// A one-line record keeps its trailing comment on the same line (`trailing`); comments of a
    /// multi-line record become whole comment lines above it (`above`).
    func comments(in text: TextLines) -> (above: [String], trailing: String) {
        if first == last { return ([], String(Record.trailingComment(text.lines[first].content))) }
        var above: [String] = []
        for index in lines {
            let content = text.lines[index].content
            if let start = LogicalLine.commentStart(content[...]) { above.append(String(content[start...])) }
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
        let significant = LogicalLine.trimmed(LogicalLine.stripComment(content[...]))
        let end = significant.endIndex
        text.lines[last].content = String(content[..<end]) + suffix + String(content[end...])
    }

    /// A line's comment with the blanks before it (`"   # lead"`), or `""`.
    static func trailingComment(_ content: String) -> Substring {
        guard let start = LogicalLine.commentStart(content[...]) else { return "" }
        var from = start
        while from > content.startIndex {
            let previous = content.utf8.index(before: from)
            guard content.utf8[previous] == UInt8(ascii: " ") || content.utf8[previous] == UInt8(ascii: "\t") else { break }
            from = previous
        }
        return content[from...]
    }
}
