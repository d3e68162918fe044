/// The comment and blank rules every protection file shares (gatehouse-semantics §3–5, §8):
/// `#` starts a comment at the start of a line or after a blank; blanks and tabs around the
/// remaining text do not count. Mirrors the Protection parser's reading of one physical line.
enum RecordLine {
    /// The significant text of a line: comment removed, blanks trimmed.
    static func significant(_ content: String) -> Substring {
        trimmed(beforeComment(content))
    }

    /// The line up to (not including) the `#` that starts its comment, or the whole line.
    static func beforeComment(_ content: String) -> Substring {
        if let index = commentStart(content) { return content[..<index] }
        return content[...]
    }

    /// Where the comment starts: the first `#` at the start of the line or after a blank or tab.
    static func commentStart(_ content: String) -> String.Index? {
        var previousIsBlank = true
        var index = content.startIndex
        while index < content.endIndex {
            let c = content[index]
            if c == "#" && previousIsBlank { return index }
            previousIsBlank = c == " " || c == "\t"
            index = content.index(after: index)
        }
        return nil
    }

    /// The comment with the blanks before it (`"   # lead"`), or `""`.
    static func trailingComment(_ content: String) -> Substring {
        guard let start = commentStart(content) else { return "" }
        var from = start
        while from > content.startIndex {
            let previous = content.index(before: from)
            guard content[previous] == " " || content[previous] == "\t" else { break }
            from = previous
        }
        return content[from...]
    }

    /// `text` without leading and trailing blanks, tabs and carriage returns.
    static func trimmed(_ text: Substring) -> Substring {
        let isBlank: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\r" }
        guard let first = text.firstIndex(where: { !isBlank($0) }),
            let last = text.lastIndex(where: { !isBlank($0) })
        else { return "" }
        return text[first...last]
    }
}
