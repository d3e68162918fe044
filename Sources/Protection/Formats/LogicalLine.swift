/// One logical line of a protection file: comments removed, continuation lines joined. The one
/// line grammar every protection-file reader shares — the server's parsers and the admin tools'
/// editors alike, so that both read the same records out of the same bytes.
///
/// `#` starts a comment at the start of a line or after white space, in every protection file
/// (a deliberate difference from 3.0A, which knew comments only in the rule file; reference §8).
///
/// Every rule here works on UTF-8 bytes, never on Swift `Character`s: the separators of the
/// formats (`\n`, blanks, `#`, `:`, `,`, …) are ASCII, and grapheme clustering would glue a
/// combining mark that follows one onto it, so the separator would vanish (fuzz finding 4).
/// Text is only ever cut at ASCII bytes, which are always Unicode scalar boundaries.
public struct LogicalLine: Sendable, Equatable {
    /// 1-based number of the physical line the record starts on.
    public let number: Int
    /// 1-based number of the last physical line the record spans (continuation lines).
    public let lastNumber: Int
    /// The text, comments stripped, continuation lines joined with a single space.
    public let text: String

    /// Makes a logical line.
    public init(number: Int, lastNumber: Int? = nil, text: String) {
        self.number = number
        self.lastNumber = lastNumber ?? number
        self.text = text
    }

    /// The longest physical line accepted, so a hostile or corrupt file cannot make a parser
    /// build giant strings.
    public static let maxLineBytes = 64 * 1024

    /// Splits file text into logical lines. With `continueAfterComma`, a record whose text ends in
    /// `,` continues on the next non-blank line (group definitions, reference §4).
    /// Lines longer than `maxLineBytes` are reported through `tooLong` and skipped.
    public static func split(_ text: String, continueAfterComma: Bool, tooLong: (Int) -> Void = { _ in }) -> [LogicalLine] {
        var result: [LogicalLine] = []
        var pending: (number: Int, last: Int, text: String)?
        for (index, line) in physicalLines(text).enumerated() {
            let number = index + 1
            if line.utf8.count > maxLineBytes {
                tooLong(number)
                continue
            }
            let content = trimmed(stripComment(line))
            if content.isEmpty { continue }
            if var open = pending {
                open.text += " " + content
                open.last = number
                pending = open
            } else {
                pending = (number, number, String(content))
            }
            if let open = pending, !(continueAfterComma && open.text.utf8.last == comma) {
                result.append(LogicalLine(number: open.number, lastNumber: open.last, text: open.text))
                pending = nil
            }
        }
        if let open = pending { result.append(LogicalLine(number: open.number, lastNumber: open.last, text: open.text)) }
        return result
    }

    /// The physical lines of `text`: split at every `\n`, a `\r` right before it dropped (CRLF
    /// files work), and a last line without `\n` kept. Line `i` of the result is line `i + 1` of
    /// every diagnostic.
    public static func physicalLines(_ text: String) -> [Substring] {
        var lines: [Substring] = []
        let bytes = text.utf8
        var start = bytes.startIndex
        var index = start
        while index < bytes.endIndex {
            if bytes[index] == newline {
                lines.append(withoutFinalCR(text[start..<index]))
                start = bytes.index(after: index)
            }
            index = bytes.index(after: index)
        }
        lines.append(withoutFinalCR(text[start...]))
        return lines
    }

    /// Where the comment of a physical line starts: the first `#` at the start of the line or
    /// right after a blank, tab or CR (CR counts as blank here as in trimming, so `\r# …` is a
    /// comment, not a name: fuzz finding 2). nil when the line has no comment.
    public static func commentStart(_ line: Substring) -> String.Index? {
        var previousIsBlank = true
        var index = line.utf8.startIndex
        while index < line.utf8.endIndex {
            let byte = line.utf8[index]
            if byte == hash && previousIsBlank { return index }
            previousIsBlank = isBlank(byte)
            index = line.utf8.index(after: index)
        }
        return nil
    }

    /// The line cut at the `#` that begins its comment (see `commentStart`).
    public static func stripComment(_ line: Substring) -> Substring {
        commentStart(line).map { line[..<$0] } ?? line
    }

    /// The text without leading and trailing blanks, tabs and carriage returns.
    public static func trimmed(_ text: Substring) -> Substring {
        let bytes = text.utf8
        guard let first = bytes.firstIndex(where: { !isBlank($0) }), let last = bytes.lastIndex(where: { !isBlank($0) }) else {
            return text[text.endIndex...]
        }
        // Half-open through the UTF-8 view: a closed range would step past `last` by a whole
        // grapheme cluster.
        return text[first..<bytes.index(after: last)]
    }

    /// Splits at runs of blanks and tabs.
    public static func words(_ text: Substring) -> [Substring] {
        pieces(text) { $0 == space || $0 == tab }
    }

    /// Splits at every `separator` byte (an ASCII character), keeping empty pieces; after
    /// `maxSplits` splits the rest is one piece.
    public static func fields(_ text: Substring, separator: UInt8, maxSplits: Int = .max) -> [Substring] {
        var result: [Substring] = []
        var start = text.utf8.startIndex
        var index = start
        while index < text.utf8.endIndex, result.count < maxSplits {
            if text.utf8[index] == separator {
                result.append(text[start..<index])
                start = text.utf8.index(after: index)
            }
            index = text.utf8.index(after: index)
        }
        result.append(text[start...])
        return result
    }

    /// Whether a byte is blank to trimming and to the comment rule: space, tab or CR.
    public static func isBlank(_ byte: UInt8) -> Bool {
        byte == space || byte == tab || byte == carriageReturn
    }

    /// The non-empty runs of `text` between bytes for which `isSeparator` holds.
    static func pieces(_ text: Substring, where isSeparator: (UInt8) -> Bool) -> [Substring] {
        var result: [Substring] = []
        var start: String.Index?
        var index = text.utf8.startIndex
        while index < text.utf8.endIndex {
            if isSeparator(text.utf8[index]) {
                if let open = start { result.append(text[open..<index]) }
                start = nil
            } else if start == nil {
                start = index
            }
            index = text.utf8.index(after: index)
        }
        if let open = start { result.append(text[open...]) }
        return result
    }

    private static func withoutFinalCR(_ line: Substring) -> Substring {
        guard line.utf8.last == carriageReturn else { return line }
        return line[..<line.utf8.index(before: line.utf8.endIndex)]
    }

    private static let newline = UInt8(ascii: "\n")
    private static let carriageReturn = UInt8(ascii: "\r")
    private static let space = UInt8(ascii: " ")
    private static let tab = UInt8(ascii: "\t")
    private static let hash = UInt8(ascii: "#")
    private static let comma = UInt8(ascii: ",")
}

extension StringProtocol {
    /// The text without leading and trailing blanks, tabs and CRs (byte-wise: `LogicalLine.trimmed`).
    func trimmingBlanks() -> Substring {
        LogicalLine.trimmed(Substring(self))
    }

    /// Splits at runs of blanks and tabs (byte-wise: `LogicalLine.words`).
    func words() -> [Substring] {
        LogicalLine.words(Substring(self))
    }

    /// Splits at an ASCII separator, byte-wise (`LogicalLine.fields`).
    func fields(separatedBy separator: Unicode.Scalar, maxSplits: Int = .max) -> [Substring] {
        LogicalLine.fields(Substring(self), separator: UInt8(ascii: separator), maxSplits: maxSplits)
    }

    /// The position of the first ASCII `character`, byte-wise.
    func firstIndex(ofASCII character: Unicode.Scalar) -> String.Index? {
        Substring(self).utf8.firstIndex(of: UInt8(ascii: character))
    }

    /// Whether the text holds the ASCII `character`, byte-wise.
    func containsASCII(_ character: Unicode.Scalar) -> Bool {
        utf8.contains(UInt8(ascii: character))
    }

    /// How many times the ASCII `character` occurs, byte-wise.
    func countASCII(_ character: Unicode.Scalar) -> Int {
        let byte = UInt8(ascii: character)
        return utf8.reduce(0) { $0 + ($1 == byte ? 1 : 0) }
    }

    /// Whether the first byte is the ASCII `character`.
    func startsWithASCII(_ character: Unicode.Scalar) -> Bool {
        utf8.first == UInt8(ascii: character)
    }

    /// Whether the last byte is the ASCII `character`.
    func endsWithASCII(_ character: Unicode.Scalar) -> Bool {
        Substring(self).utf8.last == UInt8(ascii: character)
    }
}
