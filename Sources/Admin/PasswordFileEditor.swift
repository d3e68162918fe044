import Protection

/// Pure edits of password-file text (gatehouse-semantics §3): old text and a command in, new
/// text out, or a refusal. Only the lines of the user concerned change; every other byte stays.
/// Each result is parsed again and must say exactly what was meant, or the edit is refused.
enum PasswordFileEditor {
    /// One user record: its name and the line it is on.
    struct UserRecord: Sendable, Equatable {
        /// The user name (first field, blanks trimmed, as the parser reads it).
        let user: String
        /// The physical line (0-based).
        let line: Int
    }

    /// Every user record in file order, duplicates included.
    static func records(in text: TextLines) -> [UserRecord] {
        Record.all(in: text, continueAfterComma: false).compactMap { record in
            guard let colon = record.text.utf8.firstIndex(of: UInt8(ascii: ":")) else { return nil }
            return UserRecord(user: String(LogicalLine.trimmed(record.text[..<colon])), line: record.first)
        }
    }

    /// The user names, in file order, first of duplicates only (what the server sees).
    static func users(in text: String) -> [String] {
        var seen = Set<String>()
        return records(in: TextLines(text)).map(\.user).filter { seen.insert($0).inserted }
    }

    /// Appends `user:hash[:realName]`. Refused when the user is present.
    static func add(user: String, hash: String, realName: String, schemeName: String, to text: String, path: String) throws(AdminFailure) -> TextEdit {
        _ = try NameRules.checkUser(user)
        let realName = try checkedRealName(realName)
        var lines = TextLines(text)
        if let existing = records(in: lines).first(where: { $0.user == user }) {
            throw .refused("user '\(user)' is already in \(path) (line \(existing.line + 1))")
        }
        lines.append(realName.isEmpty ? "\(user):\(hash)" : "\(user):\(hash):\(realName)")
        let result = lines.text
        try verify(result, path: path, user: user, hash: hash, realName: realName)
        return TextEdit(text: result, summary: "added user '\(user)' (\(schemeName))")
    }

    /// Removes every line of `user` (duplicates too, so a deleted user cannot come back through
    /// a line that was shadowed). Refused when the user is absent.
    static func delete(user: String, from text: String, path: String) throws(AdminFailure) -> TextEdit {
        var lines = TextLines(text)
        let mine = records(in: lines).filter { $0.user == user }
        guard !mine.isEmpty else { throw .refused("no user '\(user)' in \(path)") }
        for record in mine.reversed() { lines.remove(record.line...record.line) }
        let result = lines.text
        let parsed: PasswordFile
        do {
            (parsed, _) = try PasswordFile.parse(result, path: path)
        } catch {
            throw .failed(FileFormat.oneLine(error))
        }
        guard parsed.entry(for: user) == nil else {
            throw .failed("internal error: '\(user)' is still present after deleting; nothing written")
        }
        let extra = mine.count > 1 ? " (\(mine.count) lines)" : ""
        return TextEdit(text: result, summary: "deleted user '\(user)'\(extra)")
    }

    /// Replaces the hash field of `user`'s line (the first, which the server uses), keeping the
    /// user field, the real name, any further fields and a trailing comment byte for byte.
    /// Refused when the user is absent.
    static func setHash(_ hash: String, of user: String, schemeName: String, in text: String, path: String) throws(AdminFailure) -> TextEdit {
        var lines = TextLines(text)
        guard let record = records(in: lines).first(where: { $0.user == user }) else {
            throw .refused("no user '\(user)' in \(path)")
        }
        let content = lines.lines[record.line].content
        let fields = LogicalLine.stripComment(content[...])
        let colon = UInt8(ascii: ":")
        guard let firstColon = fields.utf8.firstIndex(of: colon) else { throw .failed("internal error: no ':' on line \(record.line + 1)") }
        let fieldStart = fields.utf8.index(after: firstColon)
        let fieldEnd = fields[fieldStart...].utf8.firstIndex(of: colon) ?? fields.endIndex
        var range = fieldStart..<fieldEnd
        let trimmed = LogicalLine.trimmed(fields[range])
        if !trimmed.isEmpty { range = trimmed.startIndex..<trimmed.endIndex }
        lines.lines[record.line].content = String(content[..<range.lowerBound]) + hash + String(content[range.upperBound...])
        let result = lines.text
        let before: PasswordFile
        do {
            (before, _) = try PasswordFile.parse(text, path: path)
        } catch {
            throw .failed(FileFormat.oneLine(error))
        }
        try verify(result, path: path, user: user, hash: hash, realName: before.entry(for: user)?.realName ?? "")
        return TextEdit(text: result, summary: "changed the password of '\(user)' (\(schemeName))")
    }

    /// A real name fit for the third field: trimmed, no control characters, nothing the parser
    /// would read as a comment.
    static func checkedRealName(_ name: String) throws(AdminFailure) -> String {
        let trimmed = String(LogicalLine.trimmed(name[...]))
        if trimmed.utf8.count > AdminLimits.maxRealNameBytes {
            throw .failed("real name longer than \(AdminLimits.maxRealNameBytes) bytes")
        }
        if trimmed.unicodeScalars.contains(where: NameRules.isControl) {
            throw .failed("real name '\(NameRules.printable(trimmed))' contains a control character")
        }
        // The field follows a ':', so only a '#' after a blank inside it would start a comment.
        if NameRules.containsCommentStart("x" + trimmed) {
            throw .failed("real name '\(trimmed)' contains ' #', which would start a comment")
        }
        return trimmed
    }

    /// Parses the result and checks the user's entry carries `hash` and `realName`.
    private static func verify(_ text: String, path: String, user: String, hash: String, realName: String) throws(AdminFailure) {
        let parsed: PasswordFile
        do {
            (parsed, _) = try PasswordFile.parse(text, path: path)
        } catch {
            throw .failed(FileFormat.oneLine(error))
        }
        guard let entry = parsed.entry(for: user), entry.hash == PasswordHash(field: hash), entry.hash.isUsable else {
            throw .failed("internal error: the edited file does not give '\(user)' the new password; nothing written")
        }
        if entry.realName != realName {
            throw .failed("internal error: the edited file does not keep the real name of '\(user)'; nothing written")
        }
    }
}
