/// One logical line of a protection file: comments removed, continuation lines joined.
///
/// `#` starts a comment at the start of a line or after white space, in every protection file
/// (a deliberate difference from 3.0A, which knew comments only in the rule file; reference §8).
struct LogicalLine: Sendable, Equatable {
    /// 1-based number of the physical line the record starts on.
    let number: Int
    /// The text, comments stripped, continuation lines joined with a single space.
    let text: String

    /// The longest physical line accepted, so a hostile or corrupt file cannot make a parser
    /// build giant strings.
    static let maxLineBytes = 64 * 1024

    /// Splits file text into logical lines. With `continueAfterComma`, a record whose text ends in
    /// `,` continues on the next non-blank line (group definitions, reference §4).
    /// Lines longer than `maxLineBytes` are reported through `tooLong`.
    static func split(_ text: String, continueAfterComma: Bool, tooLong: (Int) -> Void = { _ in }) -> [LogicalLine] {
        var result: [LogicalLine] = []
        var pending: (number: Int, text: String)?
        var number = 0
        for raw in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            number += 1
            var line = Substring(raw)
            if line.last == "\r" { line = line.dropLast() }
            if line.utf8.count > maxLineBytes {
                tooLong(number)
                continue
            }
            let content = stripComment(line).trimmingBlanks()
            if content.isEmpty { continue }
            if var open = pending {
                open.text += " " + content
                pending = open
            } else {
                pending = (number, String(content))
            }
            if let open = pending, !(continueAfterComma && open.text.hasSuffix(",")) {
                result.append(LogicalLine(number: open.number, text: open.text))
                pending = nil
            }
        }
        if let open = pending { result.append(LogicalLine(number: open.number, text: open.text)) }
        return result
    }

    /// Cuts a line at the first `#` that begins a word.
    static func stripComment(_ line: Substring) -> Substring {
        var previousIsBlank = true
        var index = line.startIndex
        while index < line.endIndex {
            let c = line[index]
            if c == "#" && previousIsBlank { return line[..<index] }
            // CR counts as blank here as in trimming, so `\r# …` is a comment, not a name.
            previousIsBlank = c == " " || c == "\t" || c == "\r"
            index = line.index(after: index)
        }
        return line
    }
}

extension StringProtocol {
    /// The text without leading and trailing blanks and tabs.
    func trimmingBlanks() -> Substring {
        let s = Substring(self)
        guard let first = s.firstIndex(where: { $0 != " " && $0 != "\t" && $0 != "\r" }) else { return "" }
        let last = s.lastIndex(where: { $0 != " " && $0 != "\t" && $0 != "\r" })!
        return s[first...last]
    }

    /// Splits on runs of blanks and tabs.
    func words() -> [Substring] {
        Substring(self).split(whereSeparator: { $0 == " " || $0 == "\t" })
    }
}
