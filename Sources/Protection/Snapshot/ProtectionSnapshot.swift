/// Everything the Gate reads, as one immutable value: the rule file, the setups it names and the
/// password and group files they name. The server swaps in a new snapshot when a file changes;
/// a file that fails to parse leaves the previous snapshot in force. A class: every request
/// reads it, and handing it around should cost one reference count, not a copy of every field.
public final class ProtectionSnapshot: Sendable {
    /// The parsed rule file.
    public let ruleFile: RuleFile
    /// Setups, indexed like `ruleFile.setupSources`.
    public let setups: [ProtectionSetup]
    /// Password files by absolute path.
    public let passwordFiles: [String: PasswordFile]
    /// Group files by absolute path.
    public let groupFiles: [String: GroupFile]
    /// Every file this snapshot was built from (rule file, setup, password and group files),
    /// so the reloader knows what to watch and the server never serves them.
    public let sourceFiles: [String]
    /// Warnings found while loading.
    public let warnings: [Diagnostic]

    init(ruleFile: RuleFile, setups: [ProtectionSetup], passwordFiles: [String: PasswordFile], groupFiles: [String: GroupFile],
         sourceFiles: [String], warnings: [Diagnostic]) {
        self.ruleFile = ruleFile
        self.setups = setups
        self.passwordFiles = passwordFiles
        self.groupFiles = groupFiles
        self.sourceFiles = sourceFiles
        self.warnings = warnings
    }

    /// The password file of a setup, if it has one.
    public func passwordFile(of setup: ProtectionSetup) -> PasswordFile? {
        setup.passwordFile.flatMap { passwordFiles[$0] }
    }

    /// The group file of a setup (empty when it names none).
    public func groupFile(of setup: ProtectionSetup) -> GroupFile {
        setup.groupFile.flatMap { groupFiles[$0] } ?? .empty
    }
}
