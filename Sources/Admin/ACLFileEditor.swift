import Protection

/// Pure edits of `.www_acl` text (gatehouse-semantics §5): `TEMPLATE : METHODS : WHO` entries.
/// `allow` extends the entry with the same template and method set or appends a new one;
/// `revoke` takes names or items out of matching entries and removes an entry left empty.
/// Other entries and comments stay byte for byte; the result must parse back to exactly the
/// intended entries.
struct ACLFileEditor {
    /// The path shown in messages.
    let path: String

    /// One entry as the model sees it.
    struct Entry: Sendable, Equatable, CustomStringConvertible {
        /// File-name template.
        let template: String
        /// Upper-cased methods in the order written.
        let methods: [String]
        /// Who is admitted.
        let who: GroupDefinition

        /// The entry as a line of the file.
        var description: String { "\(template) : \(methods.joined(separator: ",")) : \(who)" }
    }

    /// Checks and normalises a template: a file name with at most one `*` (no `/`, no `:`).
    static func checkedTemplate(_ template: String) throws(AdminFailure) -> String {
        let trimmed = String(LogicalLine.trimmed(template[...]))
        if trimmed.isEmpty { throw .failed("empty template; use '*' for every file") }
        if trimmed.unicodeScalars.contains(where: NameRules.isControl) {
            throw .failed("template '\(NameRules.printable(trimmed))' contains a control character")
        }
        if trimmed.utf8.contains(UInt8(ascii: "/")) { throw .failed("template '\(trimmed)' contains '/': an ACL template is a file name in its directory") }
        if trimmed.utf8.contains(UInt8(ascii: ":")) { throw .failed("template '\(trimmed)' contains ':', which separates the fields of an ACL entry") }
        if trimmed.utf8.filter({ $0 == UInt8(ascii: "*") }).count > 1 { throw .failed("template '\(trimmed)' has more than one '*'") }
        if NameRules.containsCommentStart(trimmed) { throw .failed("template '\(trimmed)' would start a comment") }
        return trimmed
    }

    /// Checks and normalises a method list: `get, put` → `["GET", "PUT"]`, repeats dropped. Each
    /// method must be one an ACL entry can name (`ACLFile.methodProblem`, the server's own rule).
    static func checkedMethods(_ list: String) throws(AdminFailure) -> [String] {
        var methods: [String] = []
        for raw in LogicalLine.fields(list[...], separator: UInt8(ascii: ",")) {
            if let problem = ACLFile.methodProblem(raw) { throw .failed("--methods: \(problem)") }
            let method = LogicalLine.trimmed(raw).uppercased()
            if !methods.contains(method) { methods.append(method) }
        }
        guard !methods.isEmpty else { throw .failed("no methods given; e.g. --methods GET or --methods GET,PUT") }
        return methods
    }

    /// Admits `who` to `template` for `methods`.
    func allow(_ template: String, methods: [String], who: GroupDefinition, in text: String) throws(AdminFailure) -> TextEdit {
        try NameRules.checkMembers(who)
        var lines = TextLines(text)
        var entries = try parse(lines)
        if let index = entries.firstIndex(where: { $0.entry.template == template && Set($0.entry.methods) == Set(methods) }) {
            let old = entries[index].entry
            let new = old.who.missingItems(of: who)
            guard !new.isEmpty else { throw .refused("'\(template) : \(old.methods.joined(separator: ","))' already admits \(who) (line \(entries[index].record.lineNumber))") }
            let addedText = GroupDefinition(items: new).description
            entries[index].record.append(", " + addedText, in: &lines)
            entries[index].entry = Entry(template: old.template, methods: old.methods, who: GroupDefinition(items: old.who.items + new))
            return try finish(lines, expected: entries.map(\.entry), summary: "allowed \(addedText): \(entries[index].entry)")
        }
        let entry = Entry(template: template, methods: methods, who: who)
        lines.append(entry.description)
        return try finish(lines, expected: entries.map(\.entry) + [entry], summary: "allowed: \(entry)")
    }

    /// Takes `who` out of the entries for `template` (only those with exactly `methods`, when
    /// given). An entry left empty is removed. Refused when no entry matches or none held `who`.
    func revoke(_ template: String, methods: [String]?, who: GroupDefinition, in text: String) throws(AdminFailure) -> TextEdit {
        var lines = TextLines(text)
        var entries = try parse(lines)
        let matching = entries.indices.filter { index in
            entries[index].entry.template == template && (methods.map { Set($0) == Set(entries[index].entry.methods) } ?? true)
        }
        guard !matching.isEmpty else {
            let methodText = methods.map { " with methods \($0.joined(separator: ","))" } ?? ""
            throw .refused("no entry for '\(template)'\(methodText) in \(path)")
        }
        var changes: [String] = []
        // Last to first, so the line numbers of earlier records stay valid.
        for index in matching.reversed() {
            let old = entries[index].entry
            if let remaining = old.who.removing(who) {
                guard remaining != old.who else { continue }
                let entry = Entry(template: old.template, methods: old.methods, who: remaining)
                entries[index].record.rewrite(entry.description, in: &lines)
                entries[index].entry = entry
                changes.insert("now \(entry)", at: 0)
            } else {
                lines.remove(entries[index].record.lines)
                entries.remove(at: index)
                changes.insert("removed \(old)", at: 0)
            }
        }
        guard !changes.isEmpty else { throw .refused("no entry for '\(template)' admits \(who)") }
        return try finish(lines, expected: entries.map(\.entry), summary: "revoked \(who) from '\(template)': " + changes.joined(separator: "; "))
    }

    /// The entries as the server reads them.
    func entries(in text: String) throws(AdminFailure) -> [Entry] {
        do {
            return try ACLFile.parse(text, path: path).entries.map { Entry(template: $0.template, methods: $0.methods, who: $0.who) }
        } catch {
            throw .failed(FileFormat.oneLine(error))
        }
    }

    private func parse(_ lines: TextLines) throws(AdminFailure) -> [(entry: Entry, record: Record)] {
        let records = Record.all(in: lines, continueAfterComma: true)
        let entries: [ACLFile.Entry]
        do {
            entries = try ACLFile.parse(lines.text, path: path).entries
        } catch {
            throw .failed(FileFormat.oneLine(error))
        }
        guard entries.count == records.count, zip(entries, records).allSatisfy({ $0.line == $1.lineNumber }) else {
            throw .failed("\(path): cannot match the file's records to its entries; edit it by hand")
        }
        return zip(entries, records).map { (Entry(template: $0.template, methods: $0.methods, who: $0.who), $1) }
    }

    private func finish(_ lines: TextLines, expected: [Entry], summary: String) throws(AdminFailure) -> TextEdit {
        let text = lines.text
        guard try entries(in: text) == expected else {
            throw .failed("internal error: the edited \(path) would not read back as intended; nothing written")
        }
        return TextEdit(text: text, summary: summary)
    }
}
