extension RuleFileParser {
    /// The body of a `{ … }` setup block and where parsing goes on after it.
    struct ScannedBlock {
        /// The block's setup lines (comma continuation joined, as in setup files).
        let body: [LogicalLine]
        /// Index into the physical lines of the first line after the block.
        let resume: Int
    }

    /// Reads the block opened on line `openedAt`, whose body starts at `physical[start]`.
    ///
    /// A block runs to the next line starting with `}`. When no such line comes before the next
    /// line that opens a block (blocks do not nest) or the end of the file, the `}` was left out:
    /// that is one error, reported at the line that opened the block, and the block is taken to
    /// be the setup directives right after the opener, so the lines after them are read as rules
    /// again instead of each becoming an "unknown setup directive" (no knock-on errors).
    mutating func scanBlock(_ physical: [(number: Int, text: Substring)], from start: Int, openedAt: Int) -> ScannedBlock {
        var end = start
        var closed = false
        while end < physical.count {
            let line = physical[end].text
            if line.startsWithASCII("}") {
                closed = true
                break
            }
            if !line.isEmpty, RuleFileParser.splitWords(line).last == "{" { break }
            end += 1
        }
        if closed {
            if physical[end].text.utf8.count > 1 { log.error(physical[end].number, "nothing may follow '}' on its line") }
            return ScannedBlock(body: RuleFileParser.joined(physical[start..<end]), resume: end + 1)
        }
        log.error(openedAt, "block opened at line \(openedAt) is not closed: no line starting with '}' follows it"
                  + (end < physical.count ? " before the block opened at line \(physical[end].number)" : ""))
        var setupEnd = start
        var continuing = false
        while setupEnd < end {
            let line = physical[setupEnd].text
            let isSetupLine = line.isEmpty || continuing || RuleFileParser.isSetupDirective(line)
            guard isSetupLine else { break }
            if !line.isEmpty { continuing = line.endsWithASCII(",") }
            setupEnd += 1
        }
        return ScannedBlock(body: RuleFileParser.joined(physical[start..<setupEnd]), resume: setupEnd)
    }

    /// Whether a line's first word names a setup directive (`ServerId`, `GetMask`, …).
    static func isSetupDirective(_ line: Substring) -> Bool {
        ProtectionSetup.Field(ProtectionSetup.splitField(line).name) != nil
    }

    /// Block lines as setup lines: blank ones dropped, a line ending in `,` continued by the next.
    static func joined(_ lines: ArraySlice<(number: Int, text: Substring)>) -> [LogicalLine] {
        var body: [LogicalLine] = []
        var continuing = false
        for (number, text) in lines where !text.isEmpty {
            if continuing, let last = body.popLast() {
                body.append(LogicalLine(number: last.number, lastNumber: number, text: last.text + " " + text))
            } else {
                body.append(LogicalLine(number: number, text: String(text)))
            }
            continuing = text.endsWithASCII(",")
        }
        return body
    }
}
