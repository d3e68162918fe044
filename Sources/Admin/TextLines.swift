/// File text as physical lines that reassemble to exactly the original bytes, so an edit can
/// change one record and leave every other byte — comments, blank lines, CRLF endings, a
/// missing final newline — as it was.
struct TextLines: Sendable, Equatable {
    /// One physical line.
    struct Line: Sendable, Equatable {
        /// The line without its terminator.
        var content: String
        /// `"\n"`, `"\r\n"`, or `""` for a last line without a newline.
        var terminator: String
    }

    /// The lines in file order.
    var lines: [Line]

    /// Splits `text` at `\n`; a `\r` right before it belongs to the terminator, as the parsers
    /// treat it (reference §3–5: CRLF files work).
    init(_ text: String) {
        var lines: [Line] = []
        let bytes = Array(text.utf8)
        var start = 0
        var index = 0
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "\n") {
                var end = index
                var terminator = "\n"
                if end > start, bytes[end - 1] == UInt8(ascii: "\r") {
                    end -= 1
                    terminator = "\r\n"
                }
                lines.append(Line(content: String(decoding: bytes[start..<end], as: UTF8.self), terminator: terminator))
                start = index + 1
            }
            index += 1
        }
        if start < bytes.count {
            lines.append(Line(content: String(decoding: bytes[start...], as: UTF8.self), terminator: ""))
        }
        self.lines = lines
    }

    /// The text, byte for byte what it was plus the edits made.
    var text: String {
        var result = ""
        for line in lines { result += line.content + line.terminator }
        return result
    }

    /// The file's own newline: the first terminator found, else `\n`.
    var newline: String {
        lines.first(where: { !$0.terminator.isEmpty })?.terminator ?? "\n"
    }

    /// Appends a line at the end, first ending an unterminated last line.
    mutating func append(_ content: String) {
        let style = newline
        if let last = lines.indices.last, lines[last].terminator.isEmpty {
            lines[last].terminator = style
        }
        lines.append(Line(content: content, terminator: style))
    }

    /// Replaces the lines `range` with `contents`, ending each with the file's newline except
    /// that the last keeps the terminator of the last line replaced.
    mutating func replace(_ range: ClosedRange<Int>, with contents: [String]) {
        let style = newline
        let lastTerminator = lines[range.upperBound].terminator
        var replacement = contents.map { Line(content: $0, terminator: style) }
        if !replacement.isEmpty { replacement[replacement.count - 1].terminator = lastTerminator }
        lines.replaceSubrange(range, with: replacement)
    }

    /// Removes the lines `range`. When they were at the end of a file without a final newline,
    /// the new last line loses its newline too, so nothing else changes.
    mutating func remove(_ range: ClosedRange<Int>) {
        let removedLastTerminator = lines[range.upperBound].terminator
        lines.removeSubrange(range)
        if removedLastTerminator.isEmpty, range.lowerBound == lines.count, let last = lines.indices.last {
            lines[last].terminator = ""
        }
    }
}
