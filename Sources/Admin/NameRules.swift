import Protection

/// Which user and group names the tools will write, and why others are refused. A refused
/// name never reaches the file (the issue: "refused with a clear message, and the file is
/// unchanged").
enum NameRules {
    /// Characters with a meaning in group-definition syntax (gatehouse-semantics §4); a name
    /// holding one can be a user but cannot be named in a group, mask or ACL.
    /// Checked byte by byte, as the parsers read them.
    static let definitionSyntax: Set<UInt8> = Set(" \t,()@*[]:".utf8)

    /// Checks a user name for a password file. Returns a warning (to print) when the name is
    /// valid but cannot be named in group definitions.
    static func checkUser(_ name: String) throws(AdminFailure) -> String? {
        try checkCommon(name, what: "user name")
        if name.utf8.contains(UInt8(ascii: ":")) { throw .failed("user name '\(name)' contains ':', which separates the fields of a password file") }
        if let first = name.utf8.first, let last = name.utf8.last, isBlank(first) || isBlank(last) {
            throw .failed("user name '\(name)' begins or ends with a blank, which the server would trim")
        }
        if name.utf8.contains(where: { definitionSyntax.contains($0) }) {
            return "warning: '\(name)' cannot be named in a group definition (it contains one of ' ,()@*[]'); only All or Users can admit it"
        }
        return nil
    }

    /// Checks a name for a group file's `name:` field.
    static func checkGroup(_ name: String) throws(AdminFailure) {
        try checkCommon(name, what: "group name")
        if let bad = name.utf8.first(where: { definitionSyntax.contains($0) }) {
            throw .failed("group name '\(name)' contains '\(Character(Unicode.Scalar(bad)))', which has a meaning in group definitions")
        }
        if PredefinedGroup(name: name) != nil {
            throw .failed("'\(name)' is a predefined group (All, Users, Anybody, Anyone, Anonymous) and cannot be defined in a group file")
        }
    }

    /// Checks the names a group definition mentions: none may start a comment.
    static func checkMembers(_ definition: GroupDefinition) throws(AdminFailure) {
        for name in definition.names where name.utf8.first == UInt8(ascii: "#") {
            throw .failed("'\(name)': a name cannot start with '#', which begins a comment")
        }
    }

    private static func checkCommon(_ name: String, what: String) throws(AdminFailure) {
        if name.isEmpty { throw .failed("empty \(what)") }
        if name.utf8.count > AdminLimits.maxNameBytes {
            throw .failed("\(what) longer than \(AdminLimits.maxNameBytes) bytes")
        }
        if name.unicodeScalars.contains(where: isControl) {
            throw .failed("\(what) '\(printable(name))' contains a control character")
        }
        if containsCommentStart(name) {
            throw .failed("\(what) '\(name)' would start a comment ('#' at the start or after a blank)")
        }
    }

    /// Whether `text` holds a `#` that the parsers would read as the start of a comment.
    static func containsCommentStart(_ text: String) -> Bool {
        LogicalLine.commentStart(text[...]) != nil
    }

    /// C0 controls, DEL and C1 controls.
    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7f...0x9f).contains(scalar.value)
    }

    /// `text` with control characters shown as `\u{…}`, for messages.
    static func printable(_ text: String) -> String {
        var result = ""
        for scalar in text.unicodeScalars {
            if isControl(scalar) { result += "\\u{\(String(scalar.value, radix: 16))}" } else { result.unicodeScalars.append(scalar) }
        }
        return result
    }

    private static func isBlank(_ byte: UInt8) -> Bool { byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }
}
