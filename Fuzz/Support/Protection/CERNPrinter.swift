import Protection

/// Writes parsed protection-file values back as text the parsers read, for the round-trip
/// invariants. The file formats have no quoting, so each printer keeps to the forms the parser
/// reads unambiguously; `Fuzz/README.md` lists what cannot round-trip and why.
enum CERNPrinter {
    /// A group definition without blanks (`(a,b)@(t1,t2),c`): `description` puts a blank after
    /// each comma, and in a file a `#` after a blank would start a comment.
    static func definition(_ definition: GroupDefinition) -> String {
        definition.items.map(item).joined(separator: ",")
    }

    private static func item(_ item: GroupItem) -> String {
        var text = ""
        if item.names.count == 1 {
            text = item.names[0]
        } else if item.names.count > 1 {
            text = "(" + item.names.joined(separator: ",") + ")"
        }
        if item.addresses.count == 1 {
            text += "@" + item.addresses[0].description
        } else if item.addresses.count > 1 {
            text += "@(" + item.addresses.map(\.description).joined(separator: ",") + ")"
        }
        return text
    }

    /// A rule-file word written so that the rule-file word splitter gives it back: a blank is
    /// written `\ `; a `\` in a parsed word is always followed by the byte it escaped, so the
    /// pair is written as it is. Byte-wise, as the splitter reads it.
    static func word(_ word: String) -> String {
        var out: [UInt8] = []
        var bytes = word.utf8.makeIterator()
        while let byte = bytes.next() {
            if byte == UInt8(ascii: "\\") {
                out.append(byte)
                if let escaped = bytes.next() { out.append(escaped) }
            } else if byte == UInt8(ascii: " ") {
                out += [UInt8(ascii: "\\"), byte]
            } else {
                out.append(byte)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Whether a word must be the last one on its line: it ends with a lone `\`, which would
    /// escape the blank after it.
    static func mustEndLine(_ word: String) -> Bool {
        var lone = false
        var bytes = word.utf8.makeIterator()
        while let byte = bytes.next() {
            lone = false
            if byte == UInt8(ascii: "\\") {
                if bytes.next() == nil { lone = true }
            }
        }
        return lone
    }

    /// Words laid out over as few lines as possible, each line starting with `directive`,
    /// ending a line after any word that must end one.
    static func lines(_ directive: String, _ words: [String]) -> [String] {
        var lines: [String] = []
        var current: [String] = []
        for word in words {
            current.append(self.word(word))
            if mustEndLine(word) {
                lines.append(([directive] + current).joined(separator: " "))
                current = []
            }
        }
        if !current.isEmpty { lines.append(([directive] + current).joined(separator: " ")) }
        return lines
    }

    /// A protection setup as setup-file lines, `Field:value`: the colon keeps a value that starts
    /// with `:` intact, and no blank precedes the value because a `#` after a blank starts a
    /// comment. A value ending in `,` would continue onto the next line, so that line goes last
    /// (only the last line of a setup can end in `,`, so there is at most one).
    static func setup(_ setup: ProtectionSetup) -> [String] {
        var lines = ["ServerId:" + realm(setup.realm)]
        if let path = setup.passwordFile { lines.append("PasswordFile:" + self.path(path)) }
        if let path = setup.groupFile { lines.append("GroupFile:" + self.path(path)) }
        for kind in ProtectionSetup.MaskKind.allCases {
            if let mask = setup.masks[kind] { lines.append(kind.rawValue + ":" + definition(mask)) }
        }
        if setup.aclOverride { lines.append("ACLOverride:On") }
        if let id = setup.userId { lines.append("UserId:" + id) }
        if let id = setup.groupId { lines.append("GroupId:" + id) }
        let continuing = lines.filter { $0.hasSuffix(",") }
        return lines.filter { !$0.hasSuffix(",") } + continuing
    }

    /// A resolved path as a value: a trailing blank or CR would be trimmed from the line and a
    /// trailing `,` would continue a setup line, so such a path gets a `/.`, which resolution
    /// removes again.
    static func path(_ path: String) -> String {
        guard let last = path.utf8.last, isTrimmed(last) || last == UInt8(ascii: ",") else { return path }
        return path + "/."
    }

    /// Whether line trimming removes `byte` (blank, tab, CR).
    static func isTrimmed(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\r")
    }

    /// Whether a word can end a line: line trimming would eat a final (escaped) blank or CR.
    static func canEndLine(_ word: String) -> Bool {
        word.utf8.last.map { !isTrimmed($0) } ?? true
    }

    /// The realm as written after `ServerId`: bare when the parser would keep it as it is,
    /// otherwise in the quotes the parser strips (the parser's tests, byte by byte).
    private static func realm(_ realm: String) -> String {
        let bytes = Array(realm.utf8)
        let quotedLooking = bytes.count >= 2 && bytes.first == UInt8(ascii: "\"") && bytes.last == UInt8(ascii: "\"")
        let blankEnds = bytes.first.map(isTrimmed) ?? true || bytes.last.map(isTrimmed) ?? true
        return quotedLooking || blankEnds ? "\"" + realm + "\"" : realm
    }

    /// Lines placed so that each record starts on its recorded line number (blank lines pad).
    static func placed(_ records: [(line: Int, text: String)]) -> String {
        var out = ""
        var line = 1
        for record in records {
            fuzzCheck(record.line >= line, "records out of order at line \(record.line)")
            while line < record.line {
                out += "\n"
                line += 1
            }
            out += record.text + "\n"
            line += 1
        }
        return out
    }
}
