extension GroupFile {
    /// Bytes a group name cannot hold: blanks and the separators of group-definition syntax.
    static let nameSeparators: Set<UInt8> = Set(" \t,()@*".utf8)

    /// Parses a group file. Errors (with `path:line`): a record without `name:`, bad definition
    /// syntax, a forward reference to a group declared further down, a redefined group, a
    /// redefined predefined name. Returns the file and its warnings.
    public static func parse(_ text: String, path: String) throws(ProtectionFileError) -> (GroupFile, [Diagnostic]) {
        var log = DiagnosticLog(path: path)
        let lines = LogicalLine.split(text, continueAfterComma: true) { log.error($0, "line longer than \(LogicalLine.maxLineBytes) bytes") }
        // First pass: every declared name and its line, so a forward reference can be named as such.
        var declaredAt: [String: Int] = [:]
        for line in lines {
            if let colon = line.text.firstIndex(ofASCII: ":") {
                let name = String(line.text[..<colon].trimmingBlanks())
                if declaredAt[name] == nil { declaredAt[name] = line.number }
            }
        }
        var groups: [Group] = []
        var seen: [String: Int] = [:]
        for line in lines {
            guard let colon = line.text.firstIndex(ofASCII: ":") else {
                log.error(line.number, "expected 'name: definition'")
                continue
            }
            let name = String(line.text[..<colon].trimmingBlanks())
            let body = String(line.text[line.text.utf8.index(after: colon)...])
            // A control character (a CR inside `All\ra`, say) would make a name that prints as
            // another one; the password file refuses them in user names too.
            guard !name.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7f }) else {
                log.error(line.number, "group name contains a control character")
                continue
            }
            guard !name.isEmpty, !name.utf8.contains(where: { GroupFile.nameSeparators.contains($0) }) else {
                log.error(line.number, "'\(name)' is not a valid group name")
                continue
            }
            if PredefinedGroup(name: name) != nil {
                log.error(line.number, "'\(name)' is a predefined group and cannot be redefined")
                continue
            }
            if let first = seen[name] {
                log.error(line.number, "group '\(name)' is already defined on line \(first)")
                continue
            }
            let definition: GroupDefinition
            do {
                definition = try GroupDefinition(parsing: body)
            } catch {
                log.error(line.number, error.message)
                continue
            }
            for member in definition.names {
                if member == name {
                    log.error(line.number, "group '\(name)' cannot contain itself")
                } else if seen[member] == nil, let later = declaredAt[member], later > line.number {
                    log.error(line.number, "group '\(member)' is used before it is defined (line \(later)); define it above '\(name)'")
                }
            }
            seen[name] = line.number
            groups.append(Group(name: name, definition: definition, line: line.number))
        }
        let warnings = try log.finish()
        return (GroupFile(path: path, groups: groups), warnings)
    }
}
