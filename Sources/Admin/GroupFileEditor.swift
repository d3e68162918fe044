import Protection

/// Pure edits of group-file text (gatehouse-semantics §4): define, extend, shrink or delete one
/// group. The file's order is kept (a new group goes at the end, a redefined one stays where it
/// was), every other record and comment stays byte for byte, and the result must parse back to
/// exactly the intended groups.
///
/// Names are resolved the way the server resolves them: a name is a group only when defined
/// above its user, so a name defined further down (a forward reference) or the group itself is
/// refused; with `users` (the names of a password file) a name that is neither a group above,
/// a predefined group, nor one of those users is refused as unknown.
struct GroupFileEditor {
    /// The path shown in messages.
    let path: String
    /// Known user names, when the caller named a password file; nil means "any name may be a user".
    let users: Set<String>?
    /// Where those user names come from (for messages).
    let usersSource: String

    /// Makes an editor for the file at `path`.
    init(path: String, users: Set<String>? = nil, usersSource: String = "") {
        self.path = path
        self.users = users
        self.usersSource = usersSource
    }

    /// One group record of the file.
    private struct Entry {
        let name: String
        let definition: GroupDefinition
        let record: Record
    }

    /// Defines `group` as `definition`: replaced where it stands, or appended at the end.
    func set(_ group: String, to definition: GroupDefinition, in text: String) throws(AdminFailure) -> TextEdit {
        try NameRules.checkGroup(group)
        try NameRules.checkMembers(definition)
        var lines = TextLines(text)
        let entries = try parse(lines)
        let line = "\(group): \(definition)"
        if let index = entries.firstIndex(where: { $0.name == group }) {
            if entries[index].definition == definition {
                return TextEdit(text: text, summary: "group '\(group)' already is: \(definition); nothing changed")
            }
            try checkReferences(definition.names, of: group, at: index, entries)
            entries[index].record.rewrite(line, in: &lines)
            return try finish(lines, expected: replacing(entries, group, definition), summary: "set group '\(group)': \(definition)")
        }
        try checkReferences(definition.names, of: group, at: entries.count, entries)
        lines.append(line)
        return try finish(lines, expected: pairs(entries) + [(group, definition)], summary: "added group '\(group)': \(definition)")
    }

    /// Adds the items of `added` that `group` lacks, at the end of its last line. Refused when
    /// the group is missing or already has them all.
    func addMembers(_ added: GroupDefinition, to group: String, in text: String) throws(AdminFailure) -> TextEdit {
        try NameRules.checkMembers(added)
        var lines = TextLines(text)
        let entries = try parse(lines)
        guard let index = entries.firstIndex(where: { $0.name == group }) else {
            throw .refused("no group '\(group)' in \(path); define it with 'group set'")
        }
        let new = entries[index].definition.missingItems(of: added)
        guard !new.isEmpty else { throw .refused("group '\(group)' already has \(added)") }
        try checkReferences(new.flatMap(\.names), of: group, at: index, entries)
        let definition = GroupDefinition(items: entries[index].definition.items + new)
        let addedText = GroupDefinition(items: new).description
        entries[index].record.append(", " + addedText, in: &lines)
        return try finish(lines, expected: replacing(entries, group, definition), summary: "added \(addedText) to group '\(group)'")
    }

    /// Takes names or items out of `group` (see `GroupDefinition.removing`). Refused when the
    /// group is missing, holds none of them, or would be left empty (delete it instead).
    func removeMembers(_ removed: GroupDefinition, from group: String, in text: String) throws(AdminFailure) -> TextEdit {
        var lines = TextLines(text)
        let entries = try parse(lines)
        guard let index = entries.firstIndex(where: { $0.name == group }) else {
            throw .refused("no group '\(group)' in \(path)")
        }
        let old = entries[index].definition
        guard let definition = old.removing(removed) else {
            throw .refused("removing \(removed) would leave group '\(group)' empty; delete it with 'group del'")
        }
        guard definition != old else { throw .refused("group '\(group)' has no \(removed)") }
        entries[index].record.rewrite("\(group): \(definition)", in: &lines)
        return try finish(lines, expected: replacing(entries, group, definition), summary: "removed \(removed) from group '\(group)', now: \(definition)")
    }

    /// Deletes `group`'s record. Refused when it is missing or another group uses it (deleting it
    /// would silently turn those references into user names).
    func delete(_ group: String, in text: String) throws(AdminFailure) -> TextEdit {
        var lines = TextLines(text)
        let entries = try parse(lines)
        guard let index = entries.firstIndex(where: { $0.name == group }) else {
            throw .refused("no group '\(group)' in \(path)")
        }
        if let user = entries.first(where: { $0.name != group && $0.definition.names.contains(group) }) {
            throw .refused("group '\(group)' is used by group '\(user.name)' (line \(user.record.lineNumber)); remove it there first")
        }
        lines.remove(entries[index].record.lines)
        var expected = pairs(entries)
        expected.remove(at: index)
        return try finish(lines, expected: expected, summary: "deleted group '\(group)'")
    }

    /// The groups of the file, in order, as the server reads them.
    func groups(in text: String) throws(AdminFailure) -> [GroupFile.Group] {
        do {
            return try GroupFile.parse(text, path: path).0.groups
        } catch {
            throw .failed(FileFormat.oneLine(error))
        }
    }

    private func parse(_ lines: TextLines) throws(AdminFailure) -> [Entry] {
        let records = Record.all(in: lines, continueAfterComma: true)
        let groups = try groups(in: lines.text)
        // A valid file has exactly one group per record; anything else means the two readings
        // disagree, and editing would be guesswork.
        guard groups.count == records.count, zip(groups, records).allSatisfy({ $0.line == $1.lineNumber }) else {
            throw .failed("\(path): cannot match the file's records to its groups; edit it by hand")
        }
        return zip(groups, records).map { Entry(name: $0.name, definition: $0.definition, record: $1) }
    }

    private func checkReferences(_ names: [String], of group: String, at index: Int, _ entries: [Entry]) throws(AdminFailure) {
        let above = Set(entries.prefix(index).map(\.name))
        for name in names {
            if name == group { throw .refused("group '\(group)' cannot contain itself") }
            if above.contains(name) || PredefinedGroup(name: name) != nil { continue }
            if let later = entries.dropFirst(index + 1).first(where: { $0.name == name }) {
                throw .refused("group '\(name)' is defined below '\(group)' (line \(later.record.lineNumber)); a group can only use groups defined above it")
            }
            if let users, !users.contains(name) {
                throw .refused("'\(name)' is neither a user in \(usersSource) nor a group defined above '\(group)'")
            }
        }
    }

    private func pairs(_ entries: [Entry]) -> [(String, GroupDefinition)] {
        entries.map { ($0.name, $0.definition) }
    }

    private func replacing(_ entries: [Entry], _ group: String, _ definition: GroupDefinition) -> [(String, GroupDefinition)] {
        entries.map { ($0.name, $0.name == group ? definition : $0.definition) }
    }

    /// Parses the new text and checks it holds exactly the expected groups in order.
    private func finish(_ lines: TextLines, expected: [(String, GroupDefinition)], summary: String) throws(AdminFailure) -> TextEdit {
        let text = lines.text
        let got = try groups(in: text)
        guard got.count == expected.count, zip(got, expected).allSatisfy({ $0.name == $1.0 && $0.definition == $1.1 }) else {
            throw .failed("internal error: the edited \(path) would not read back as intended; nothing written")
        }
        return TextEdit(text: text, summary: summary)
    }
}
