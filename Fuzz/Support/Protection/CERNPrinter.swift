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
            text = separable(item.names[0])
        } else if item.names.count > 1 {
            text = "(" + item.names.map(separable).joined(separator: ",") + ")"
        }
        if item.addresses.count == 1 {
            text += "@" + separable(item.addresses[0].description)
        } else if item.addresses.count > 1 {
            text += "@(" + item.addresses.map { separable($0.description) }.joined(separator: ",") + ")"
        }
        return text
    }

    /// `text`, followed by a tab when a separator written right after it would join its last
    /// grapheme cluster (a Unicode "prepend" character absorbs what follows, except controls).
    static func separable(_ text: String) -> String {
        absorbsNext(text) ? text + "\t" : text
    }

    /// Whether the character after `text` would become part of its last grapheme cluster.
    static func absorbsNext(_ text: String) -> Bool {
        !text.isEmpty && (text + ",").count == text.count
    }

    /// A rule-file word written so that the rule-file word splitter gives it back: a blank is
    /// written `\ `; a `\` in a parsed word is always followed by the character it escaped, so
    /// the pair is written as it is.
    static func word(_ word: String) -> String {
        var out = ""
        var characters = word.makeIterator()
        while let c = characters.next() {
            if c == "\\" {
                out.append(c)
                if let escaped = characters.next() { out.append(escaped) }
            } else if c == " " {
                out += "\\ "
            } else {
                out.append(c)
            }
        }
        return out
    }

    /// Whether a word must be the last one on its line: it ends with a lone `\` (which would
    /// escape the blank after it), or with a character that would absorb that blank.
    static func mustEndLine(_ word: String) -> Bool {
        var lone = false
        var characters = word.makeIterator()
        while let c = characters.next() {
            lone = false
            if c == "\\" {
                if characters.next() == nil { lone = true }
            }
        }
        return lone || absorbsNext(word)
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
        guard let last = path.last, isTrimmed(last) || last == "," else { return path }
        return path + "/."
    }

    /// Whether line trimming removes `c` (blank, tab, CR).
    static func isTrimmed(_ c: Character) -> Bool {
        c == " " || c == "\t" || c == "\r"
    }

    /// Whether a word can end a line: line trimming would eat a final (escaped) blank or CR.
    static func canEndLine(_ word: String) -> Bool {
        word.last.map { !isTrimmed($0) } ?? true
    }

    /// The realm as written after `ServerId`: bare when the parser would keep it as it is,
    /// otherwise in the quotes the parser strips.
    private static func realm(_ realm: String) -> String {
        let quotedLooking = realm.count >= 2 && realm.hasPrefix("\"") && realm.hasSuffix("\"")
        let blankEnds = realm.first.map(isTrimmed) ?? true || realm.last.map(isTrimmed) ?? true
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
