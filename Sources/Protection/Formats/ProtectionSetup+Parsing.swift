extension ProtectionSetup {
    /// The directive a setup line names, after normalisation (lower-cased, `-` and `_` removed),
    /// with the historical spellings of reference §1–2 as aliases.
    enum Field {
        case authType, realm, passwordFile, groupFile, mask(MaskKind), aclOverride, userId, groupId

        init?(_ raw: Substring) {
            let key = raw.lowercased().filter { $0 != "-" && $0 != "_" }
            switch key {
            case "authtype", "authenticate": self = .authType
            case "serverid", "servername": self = .realm
            case "passwordfile", "passwdfile", "passwd", "passwordsfile": self = .passwordFile
            case "groupfile": self = .groupFile
            case "getmask", "maskgroup": self = .mask(.get)
            case "putmask": self = .mask(.put)
            case "postmask": self = .mask(.post)
            case "deletemask": self = .mask(.delete)
            case "mask": self = .mask(.general)
            case "acloverride": self = .aclOverride
            case "userid": self = .userId
            case "groupid": self = .groupId
            default: return nil
            }
        }
    }

    /// A setup line's directive name and its value: the name runs to the first blank, tab or
    /// `:`; one `:` after it is optional (`ServerId: x`, `ServerId x`); blanks are trimmed.
    static func splitField(_ line: Substring) -> (name: Substring, value: Substring) {
        let end = line.utf8.firstIndex(where: { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") || $0 == UInt8(ascii: ":") }) ?? line.endIndex
        var value = line[end...].trimmingBlanks()
        if value.startsWithASCII(":") { value = value[value.utf8.index(after: value.startIndex)...].trimmingBlanks() }
        return (line[..<end], value)
    }

    /// Parses setup text (a setup file, or the body of a `{ … }` block whose lines start at
    /// `firstLine`). Paths resolve against `baseFile`'s directory. Errors name `path:line`.
    static func parse(lines: [LogicalLine], name: String, path: String, baseFile: String, definedAt: SourceLocation) throws(ProtectionFileError) -> (ProtectionSetup, [Diagnostic]) {
        var log = DiagnosticLog(path: path)
        var realm: String?
        var passwordFile: String?
        var groupFile: String?
        var masks: [MaskKind: GroupDefinition] = [:]
        var aclOverride = false
        var userId: String?
        var groupId: String?
        var sawAuth = false
        for line in lines {
            let (fieldName, text) = splitField(Substring(line.text))
            guard let field = Field(fieldName) else {
                log.error(line.number, "unknown setup directive '\(fieldName)'; expected AuthType, ServerId, PasswordFile, GroupFile, GetMask, PutMask, PostMask, DeleteMask, Mask, ACLOverride, UserId or GroupId")
                continue
            }
            guard !text.isEmpty else {
                log.error(line.number, "'\(fieldName)' needs a value")
                continue
            }
            switch field {
            case .authType:
                sawAuth = true
                for scheme in LogicalLine.pieces(text, where: { $0 == UInt8(ascii: ",") }) where scheme.trimmingBlanks().lowercased() != "basic" {
                    log.error(line.number, "authentication scheme '\(scheme.trimmingBlanks())' is not supported; only Basic is")
                }
            case .realm:
                var value = text
                if value.utf8.count >= 2, value.startsWithASCII("\""), value.endsWithASCII("\"") {
                    value = value[value.utf8.index(after: value.startIndex)..<value.utf8.index(before: value.endIndex)]
                }
                realm = String(value)
            case .passwordFile:
                passwordFile = PathResolution.resolve(String(text), relativeTo: baseFile)
            case .groupFile:
                groupFile = PathResolution.resolve(String(text), relativeTo: baseFile)
            case .mask(let kind):
                if masks[kind] != nil { log.warning(line.number, "\(kind.rawValue) is set twice; the later line wins") }
                do { masks[kind] = try GroupDefinition(parsing: String(text)) } catch { log.error(line.number, "\(kind.rawValue): \(error.message)") }
            case .aclOverride:
                switch text.lowercased() {
                case "on", "yes", "true", "enable", "enabled": aclOverride = true
                case "off", "no", "false", "disable", "disabled": aclOverride = false
                default: log.error(line.number, "ACLOverride takes On or Off, not '\(text)'")
                }
            case .userId: userId = String(text)
            case .groupId: groupId = String(text)
            }
        }
        if realm == nil {
            log.error(definedAt.line, "setup '\(name)' has no ServerId (the realm shown to users)")
        }
        if sawAuth && passwordFile == nil {
            log.error(definedAt.line, "setup '\(name)' names AuthType Basic but no PasswordFile")
        }
        let warnings = try log.finish()
        let setup = ProtectionSetup(name: name, location: definedAt, realm: realm ?? "", passwordFile: passwordFile,
                                    groupFile: groupFile, masks: masks, aclOverride: aclOverride, userId: userId, groupId: groupId)
        return (setup, warnings)
    }

    /// Parses a setup file.
    public static func parse(_ text: String, path: String) throws(ProtectionFileError) -> (ProtectionSetup, [Diagnostic]) {
        var tooLong: [Int] = []
        let lines = LogicalLine.split(text, continueAfterComma: true) { tooLong.append($0) }
        if let first = tooLong.first { throw ProtectionFileError(path: path, line: first, "line longer than \(LogicalLine.maxLineBytes) bytes") }
        return try parse(lines: lines, name: path, path: path, baseFile: path, definedAt: SourceLocation(path: path, line: 0))
    }
}
