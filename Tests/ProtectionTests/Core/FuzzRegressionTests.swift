import Testing
import Protection

/// Inputs the libFuzzer targets under `Fuzz/` found breaking an invariant (Fuzz/README.md,
/// "Findings"). Each test holds the fix that was made.
@Suite struct FuzzRegressionTests {
    /// Fuzz/group-file: an IPv4-mapped IPv6 template printed as `[10.1.2.3/128]` (the address
    /// folded to IPv4 inside brackets, which must hold IPv6), so its description did not parse
    /// back. The fix reads a mapped network as the IPv4 network, whose description parses back.
    @Test(arguments: ["[::ffff:10.1.2.3]", "[::ffff:0.0.0.0/96]", "[::FFFF:127.0.0.1/120]"])
    func addressTemplate_ipv4MappedDescriptionParsesBack(text: String) throws {
        let template = try AddressTemplate.parse(text).get()
        #expect(AddressTemplate.parse(template.description) == .success(template), "printed as \(template.description)")
    }

    /// Fuzz/group-file: the same templates inside a definition, whose description promises to
    /// parse back to the same value.
    @Test func groupDefinition_ipv4MappedTemplateParsesBack() throws {
        let definition = try GroupDefinition(parsing: "ann@[::ffff:10.1.2.3], @(10.*, [::ffff:10.0.0.0/104])")
        #expect((try? GroupDefinition(parsing: definition.description)) == definition, "printed as \(definition.description)")
    }

    /// Fuzz/password-file: a line holding a bare CR and then `#` is not a comment (a CR is not
    /// blank to the comment rule) but the CR is trimmed as blank, so the line defined a user named
    /// `# Gate`. The fix counts a CR as blank to the comment rule: the line is a comment.
    @Test(arguments: ["\r# Gate:x\n", "ann:x\n\r#bob:y\n"])
    func passwordFile_bareCRBeforeHashDefinesNoUser(text: String) throws {
        let (file, _) = try PasswordFile.parse(text, path: "/srv/conf/passwd")
        #expect(!file.entries.contains { $0.user.hasPrefix("#") }, "users: \(file.entries.map(\.user))")
    }

    /// Fuzz/rule-file: `AddType .svg image/svg+xml { q` took `{` as the encoding (and dropped the
    /// quality), so printed back the line ended in `{` and opened a setup block. A lone `{` that
    /// does not end its line is refused on its line (it used to return before asserting, because
    /// every input is refused).
    @Test(arguments: ["AddType .svg image/svg+xml { 0.5\nPass /* /www/*\n", "Welcome a { b\nPass /* /www/*\n",
                      "Protect /a/* { x\nPass /* /www/*\n"])
    func ruleFile_loneBraceInsideALineIsNoArgument(text: String) {
        let error = #expect(throws: ProtectionFileError.self) {
            try RuleFile.parse(text, path: "/srv/conf/httpd.conf")
        }
        #expect(error?.diagnostics.map(\.description) == ["/srv/conf/httpd.conf:1: '{' may only be the last word of a line, where it opens a setup block"])
    }

    @Test func ruleFile_loneBraceInsideALine_isAnErrorOnItsLine() {
        let error = #expect(throws: ProtectionFileError.self) {
            try RuleFile.parse("Pass /* /www/*\nAddType .svg image/svg+xml { 0.5\n", path: "/srv/conf/httpd.conf")
        }
        #expect(error?.description.hasPrefix("/srv/conf/httpd.conf:2: ") == true)
    }

    /// Fuzz/group-file, finding 4 (hex `416c6c0d613a0dccba` = `All\ra:\r` U+033A): a CR inside a
    /// group name was accepted (a name that prints as another), and a combining mark right after
    /// `:` glued onto it, so the file printed back no longer parsed. A control character in a
    /// name is an error on its line.
    @Test(arguments: [[0x41, 0x6c, 0x6c, 0x0d, 0x61, 0x3a, 0x0d, 0xcc, 0xba], Array("g\u{1}x: ann\n".utf8)] as [[UInt8]])
    func groupFile_controlCharacterInANameIsAnError(bytes: [UInt8]) {
        let error = #expect(throws: ProtectionFileError.self) {
            try GroupFile.parse(String(decoding: bytes, as: UTF8.self), path: "/srv/conf/group")
        }
        #expect(error?.diagnostics.map(\.description) == ["/srv/conf/group:1: group name contains a control character"])
    }

    /// Fuzz/group-file, finding 4 (hex `9cf22c0d0d0d0dd9956c5d0d`, and shorter forms of it): a
    /// combining mark after `,`, `:` or a blank swallowed the separator (the lexer read grapheme
    /// clusters), so a definition's description did not parse back to it. Separators are bytes.
    @Test(arguments: [
        ([0x9c, 0xf2, 0x2c, 0x0d, 0x0d, 0x0d, 0x0d, 0xd9, 0x95, 0x6c, 0x5d, 0x0d], ["\u{FFFD}\u{FFFD}", "\u{655}l]"]),
        (Array("ann,\u{301}bob".utf8), ["ann", "\u{301}bob"]),
        (Array("(ann,\u{655}x)@10.*".utf8), ["ann", "\u{655}x"]),
        (Array("ann \u{301}bob".utf8), nil),  // two names without a comma, whatever follows the blank
    ] as [([UInt8], [String]?)])
    func groupDefinition_combiningMarkAfterASeparatorKeepsIt(bytes: [UInt8], names: [String]?) throws {
        let text = String(decoding: bytes, as: UTF8.self)
        guard let names else {
            #expect(throws: GroupSyntaxError.self) { try GroupDefinition(parsing: text) }
            return
        }
        let definition = try GroupDefinition(parsing: text)
        #expect(definition.names == names, "names \(definition.names.map { Array($0.unicodeScalars) })")
        #expect((try? GroupDefinition(parsing: definition.description)) == definition, "printed as \(definition.description)")
        #expect((try? GroupDefinition(parsing: definition.items.map(\.description).joined(separator: ","))) == definition)
    }

    /// The same class of bug in the other protection files: each separator is a byte, so a
    /// combining mark after it leaves it a separator.
    @Test func passwordFile_combiningMarkAfterColonKeepsTheUser() throws {
        let (file, warnings) = try PasswordFile.parse("ann:\u{301}x\n", path: "/p")
        #expect(file.entries.map(\.user) == ["ann"])
        #expect(warnings.map(\.location.line) == [1])  // the field is not a usable hash
    }

    @Test func setupFile_combiningMarkAfterColonKeepsTheField() throws {
        let (setup, _) = try ProtectionSetup.parse("ServerId:\u{301}Realm\n", path: "/srv/conf/s.setup")
        #expect(setup.realm == "\u{301}Realm")
    }

    @Test func aclFile_starFollowedByACombiningMarkIsAStar() {
        #expect(throws: ProtectionFileError.self) { try ACLFile.parse("*\u{301}* : GET : ann\n", path: "/d/.www_acl") }
    }

    @Test func ruleFile_blankFollowedByACombiningMarkSeparatesWords() throws {
        let (rules, _) = try RuleFile.parse("Welcome a \u{301}b\nPass /* /www/*\n", path: "/srv/conf/httpd.conf")
        #expect(rules.welcome == ["a", "\u{301}b"])
    }

    @Test func ruleFile_braceFollowedByACombiningMarkClosesTheBlock() {
        // The `}` closes the block; what follows it on its line is the error, not a missing `}`.
        let error = #expect(throws: ProtectionFileError.self) {
            try RuleFile.parse("Protection p {\nServerId P\n}\u{301}\nPass /* /www/*\n", path: "/c")
        }
        #expect(error?.diagnostics.map(\.description) == ["/c:3: nothing may follow '}' on its line"])
    }
}
