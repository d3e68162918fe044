import Testing
import Protection

/// Inputs the libFuzzer targets under `Fuzz/` found breaking an invariant (Fuzz/README.md,
/// "Findings"). Each test accepts either way of fixing its finding.
@Suite struct FuzzRegressionTests {
    /// Fuzz/group-file: an IPv4-mapped IPv6 template printed as `[10.1.2.3/128]` (the address
    /// folded to IPv4 inside brackets, which must hold IPv6), so its description did not parse
    /// back. Parse must refuse the template, or its description must parse to the same template.
    @Test(arguments: ["[::ffff:10.1.2.3]", "[::ffff:0.0.0.0/96]", "[::FFFF:127.0.0.1/120]"])
    func addressTemplate_ipv4MappedDescriptionParsesBack(text: String) {
        guard case .success(let template) = AddressTemplate.parse(text) else { return }
        #expect(AddressTemplate.parse(template.description) == .success(template), "printed as \(template.description)")
    }

    /// Fuzz/group-file: the same templates inside a definition, whose description promises to
    /// parse back to the same value.
    @Test func groupDefinition_ipv4MappedTemplateParsesBack() {
        guard let definition = try? GroupDefinition(parsing: "ann@[::ffff:10.1.2.3], @(10.*, [::ffff:10.0.0.0/104])") else { return }
        #expect((try? GroupDefinition(parsing: definition.description)) == definition, "printed as \(definition.description)")
    }

    /// Fuzz/password-file: a line holding a bare CR and then `#` is not a comment (a CR is not
    /// blank to the comment rule) but the CR is trimmed as blank, so the line defined a user named
    /// `# Gate`. The line must be a comment or refused; it must not define that user.
    @Test(arguments: ["\r# Gate:x\n", "ann:x\n\r#bob:y\n"])
    func passwordFile_bareCRBeforeHashDefinesNoUser(text: String) {
        guard let (file, _) = try? PasswordFile.parse(text, path: "/srv/conf/passwd") else { return }
        #expect(!file.entries.contains { $0.user.hasPrefix("#") }, "users: \(file.entries.map(\.user))")
    }

    /// Fuzz/rule-file: `AddType .svg image/svg+xml { q` took `{` as the encoding (and dropped the
    /// quality), so printed back the line ended in `{` and opened a setup block. A lone `{` that
    /// does not end its line must be refused, or at least never become an argument.
    @Test(arguments: ["AddType .svg image/svg+xml { 0.5\nPass /* /www/*\n", "Welcome a { b\nPass /* /www/*\n",
                      "Protect /a/* { x\nPass /* /www/*\n"])
    func ruleFile_loneBraceInsideALineIsNoArgument(text: String) {
        guard let (file, _) = try? RuleFile.parse(text, path: "/srv/conf/httpd.conf") else { return }
        #expect(!file.types.contains { $0.encoding == "{" || $0.type == "{" }, "types: \(file.types)")
        #expect(!file.welcome.contains("{"), "welcome: \(file.welcome)")
    }

    @Test func ruleFile_loneBraceInsideALine_isAnErrorOnItsLine() {
        #expect(throws: ProtectionFileError.self) {
            try RuleFile.parse("Pass /* /www/*\nAddType .svg image/svg+xml { 0.5\n", path: "/srv/conf/httpd.conf")
        }
        do {
            _ = try RuleFile.parse("Pass /* /www/*\nAddType .svg image/svg+xml { 0.5\n", path: "/srv/conf/httpd.conf")
        } catch {
            #expect("\(error)".contains("/srv/conf/httpd.conf:2:"), "\(error)")
        }
    }
}
