/// Builds a `ProtectionSnapshot` from a rule file on a file system: reads the rule file, every
/// setup file it names, and every password and group file those name. All errors of all files
/// are collected, each with `path:line`.
public enum ProtectionLoader {
    /// Loads everything reachable from the rule file at `configPath` (absolute).
    public static func load(configPath: String, from fs: some ProtectionFileSystem) throws(ProtectionFileError) -> ProtectionSnapshot {
        var errors: [Diagnostic] = []
        var warnings: [Diagnostic] = []
        var sources = [configPath]
        func read(_ path: String, namedAt: SourceLocation?) -> String? {
            do {
                return try fs.readText(path, limit: ProtectionLimits.maxFileBytes)
            } catch {
                // The rule file itself is named by its location; a file it names, by the line naming it.
                let diagnostic = namedAt.map { Diagnostic(.error, at: $0, "cannot read '\(path)': \(error.reason)") }
                    ?? Diagnostic(.error, at: SourceLocation(path: path, line: 0), "cannot read: \(error.reason)")
                errors.append(diagnostic)
                return nil
            }
        }
        guard let ruleText = read(configPath, namedAt: nil) else { throw ProtectionFileError(errors) }
        let ruleFile: RuleFile
        do {
            let (parsed, w) = try RuleFile.parse(ruleText, path: configPath)
            ruleFile = parsed
            warnings += w
        } catch {
            throw error
        }

        var setups: [ProtectionSetup] = []
        for source in ruleFile.setupSources {
            switch source {
            case .defined(let setup):
                setups.append(setup)
            case .file(let path, let namedAt):
                sources.append(path)
                guard let text = read(path, namedAt: namedAt) else { setups.append(placeholder(path)); continue }
                do {
                    let (setup, w) = try ProtectionSetup.parse(text, path: path)
                    setups.append(setup)
                    warnings += w
                } catch {
                    errors += error.diagnostics
                    setups.append(placeholder(path))
                }
            }
        }

        var passwordFiles: [String: PasswordFile] = [:]
        var groupFiles: [String: GroupFile] = [:]
        for setup in setups {
            if let path = setup.passwordFile, passwordFiles[path] == nil, !sources.contains(path) {
                sources.append(path)
                if let text = read(path, namedAt: setup.location) {
                    do {
                        let (file, w) = try PasswordFile.parse(text, path: path)
                        passwordFiles[path] = file
                        warnings += w
                    } catch { errors += error.diagnostics }
                }
            }
            if let path = setup.groupFile, groupFiles[path] == nil, !sources.contains(path) {
                sources.append(path)
                if let text = read(path, namedAt: setup.location) {
                    do {
                        let (file, w) = try GroupFile.parse(text, path: path)
                        groupFiles[path] = file
                        warnings += w
                    } catch { errors += error.diagnostics }
                }
            }
        }
        warnings += unreachableProtection(ruleFile)
        warnings += missingPassTargets(ruleFile, fileSystem: fs)
        if !errors.isEmpty { throw ProtectionFileError(errors) }
        return ProtectionSnapshot(ruleFile: ruleFile, setups: setups, passwordFiles: passwordFiles,
                                  groupFiles: groupFiles, sourceFiles: sources, warnings: warnings)
    }

    private static func placeholder(_ path: String) -> ProtectionSetup {
        ProtectionSetup(name: path, location: SourceLocation(path: path, line: 0), realm: "", passwordFile: nil,
                        groupFile: nil, masks: [:], aclOverride: false, userId: nil, groupId: nil)
    }

    /// `Pass` rules that can only ever answer 404 because what they serve is not there: a
    /// target with a `*` whose directory (the part before the `*`, see `RuleFile.passRoot`) is
    /// missing or not a directory, or a target without `*` naming a file that does not exist.
    /// A typo such as `Pass /* ../wwww/*` is otherwise silent. One warning per rule, at its line:
    /// the loader adds them to the snapshot's warnings (a running server logs them), and
    /// `gatehouse check` reports them as errors. Proxy rules (`Pass http:*`) name no files.
    public static func missingPassTargets(_ ruleFile: RuleFile, fileSystem fs: some ProtectionFileSystem) -> [Diagnostic] {
        var result: [Diagnostic] = []
        let base = PathResolution.directory(of: ruleFile.path)
        for line in ruleFile.rules {
            guard case .pass(let template, let passResult) = line.rule else { continue }
            let target = ruleFile.resolvedPassResults[line.line] ?? passResult ?? template.source
            guard !Translator.isProxyURL(target) else { continue }
            let at = SourceLocation(path: ruleFile.path, line: line.line)
            if target.containsASCII("*") {
                guard let root = ruleFile.passRoot(line: line.line), fs.status(root)?.kind != .directory else { continue }
                result.append(Diagnostic(.warning, at: at, "Pass target directory '\(root)' does not exist: every request this rule passes gets 404"))
            } else {
                let file = PathResolution.normalise(target.startsWithASCII("/") ? target : base + "/" + target)
                guard fs.status(file) == nil else { continue }
                result.append(Diagnostic(.warning, at: at, "Pass target '\(file)' does not exist: every request this rule passes gets 404"))
            }
        }
        return result
    }

    /// CERN's own warning: protection rules after a `Pass` that takes every path its template can
    /// reach are never seen. Gatehouse warns when an earlier `Pass` or `Fail` template without any
    /// prefix condition (`*`, `/*`) makes a later Protect/DefProt unreachable, or an earlier
    /// terminating template is a prefix-wildcard of the later one.
    static func unreachableProtection(_ ruleFile: RuleFile) -> [Diagnostic] {
        var result: [Diagnostic] = []
        var terminators: [(RuleTemplate, Int)] = []
        for line in ruleFile.rules {
            switch line.rule {
            case .pass(let t, _), .fail(let t), .redirect(let t, _, _):
                terminators.append((t, line.line))
            case .protect(let t, _, _), .defProt(let t, _, _):
                if let (blocker, at) = terminators.first(where: { covers($0.0, t) }) {
                    result.append(Diagnostic(.warning, at: SourceLocation(path: ruleFile.path, line: line.line),
                                             "this rule is never reached: '\(blocker.source)' on line \(at) ends translation first; move protection rules above Pass rules"))
                }
            case .map:
                // A Map changes the path later rules see; stop reasoning about reachability.
                terminators.removeAll()
            }
        }
        return result
    }

    /// Whether every path `later` matches is also matched by `earlier` (checked for the
    /// common shape `PREFIX*` only; anything else is assumed reachable).
    static func covers(_ earlier: RuleTemplate, _ later: RuleTemplate) -> Bool {
        guard earlier.wildcardCount == 1, earlier.literals[1].isEmpty else { return false }
        let prefix = earlier.literals[0]
        return later.literals[0].starts(with: prefix)
    }
}
