/// Validates a whole configuration the way the server would load it, plus every `.www_acl`
/// under the trees the `Pass` rules serve, and looks for likely mistakes.
public enum ProtectionChecker {
    /// Bounds on the tree walk, so a huge or looping tree cannot hang `check`.
    public static let maxDirectories = 100_000
    /// See `maxDirectories`.
    public static let maxDepth = 64

    /// Checks the configuration rooted at the rule file `configPath` (absolute).
    public static func check(configPath: String, fileSystem fs: some ProtectionFileSystem) -> CheckReport {
        let snapshot: ProtectionSnapshot
        do {
            snapshot = try ProtectionLoader.load(configPath: configPath, from: fs)
        } catch {
            return CheckReport(errors: error.diagnostics, warnings: [], rules: 0, setups: 0, users: 0, groups: 0, aclFiles: 0)
        }
        // A Pass rule that can only answer 404 loads (the server warns), but `check` fails it.
        let missingTargets = ProtectionLoader.missingPassTargets(snapshot.ruleFile, fileSystem: fs)
        var errors = missingTargets.map { Diagnostic(.error, at: $0.location, $0.message) }
        var warnings = snapshot.warnings.filter { !missingTargets.contains($0) }

        // Every ACL file under the served trees.
        let acls = aclFiles(snapshot: snapshot, fs: fs)
        var parsedACLs: [ACLFile] = []
        for path in acls {
            do {
                let text = try fs.readText(path, limit: ProtectionLimits.maxFileBytes)
                parsedACLs.append(try ACLFile.parse(text, path: path))
            } catch let error as ProtectionFileError {
                errors += error.diagnostics
            } catch {
                errors.append(Diagnostic(.error, at: SourceLocation(path: path, line: 0), "cannot read: \(error)"))
            }
        }

        warnings += protectedWithoutAccess(snapshot: snapshot, aclPaths: acls, fs: fs)
        warnings += unusedNames(snapshot: snapshot, acls: parsedACLs)
        // Host-name templates: Gatehouse does not resolve client names yet (DNSLookup is
        // accepted but reverse lookups are not made), so such items never match.
        let dnsNote = snapshot.ruleFile.dnsLookup ? "Gatehouse does not yet resolve client names (DNSLookup On is accepted but inactive)"
                                                  : "'DNSLookup' is Off"
        for setup in snapshot.setups {
            for (kind, mask) in setup.masks where mask.items.contains(where: { $0.addresses.contains(where: \.needsHostName) }) {
                warnings.append(Diagnostic(.warning, at: setup.location, "\(kind.rawValue) of '\(setup.name)' uses a host-name template, which never matches: \(dnsNote)"))
            }
        }
        for acl in parsedACLs {
            for entry in acl.entries where entry.who.items.contains(where: { $0.addresses.contains(where: \.needsHostName) }) {
                warnings.append(Diagnostic(.warning, at: SourceLocation(path: acl.path, line: entry.line), "host-name template never matches: \(dnsNote)"))
            }
        }
        let ruleCount = snapshot.ruleFile.rules.count
        let users = snapshot.passwordFiles.values.reduce(0) { $0 + $1.entries.count }
        let groups = snapshot.groupFiles.values.reduce(0) { $0 + $1.groups.count }
        return CheckReport(errors: errors, warnings: warnings, rules: ruleCount, setups: snapshot.setups.count,
                           users: users, groups: groups, aclFiles: acls.count)
    }

    /// The directories the Pass rules serve.
    static func passRoots(_ snapshot: ProtectionSnapshot) -> [String] {
        var roots: [String] = []
        for line in snapshot.ruleFile.rules {
            guard case .pass = line.rule, let root = snapshot.ruleFile.passRoot(line: line.line),
                  !roots.contains(root) else { continue }
            roots.append(root)
        }
        return roots
    }

    /// Paths of every `.www_acl` under the Pass roots (bounded walk, symlink loops skipped).
    static func aclFiles(snapshot: ProtectionSnapshot, fs: some ProtectionFileSystem) -> [String] {
        var found: [String] = []
        var visited = Set<String>()
        var queue: [(String, Int)] = passRoots(snapshot).map { ($0, 0) }
        while let (dir, depth) = queue.popLast(), visited.count < maxDirectories {
            guard let real = fs.realPath(dir), visited.insert(real).inserted, let names = fs.listDirectory(dir) else { continue }
            for name in names.sorted() {
                let path = dir == "/" ? "/" + name : dir + "/" + name
                if name == aclFileName {
                    found.append(path)
                } else if depth < maxDepth, fs.status(path)?.kind == .directory {
                    queue.append((path, depth + 1))
                }
            }
        }
        return found.sorted()
    }

    /// A Protect rule whose setup has no mask for GET and whose tree holds no ACL file refuses
    /// everything (step 10).
    static func protectedWithoutAccess(snapshot: ProtectionSnapshot, aclPaths: [String], fs: some ProtectionFileSystem) -> [Diagnostic] {
        var result: [Diagnostic] = []
        for line in snapshot.ruleFile.rules {
            guard case .protect(let template, let setupIndex, _) = line.rule, let setupIndex else { continue }
            let setup = snapshot.setups[setupIndex]
            guard setup.mask(for: "GET") == nil else { continue }
            // Where does the template's literal prefix end up on disk?
            let prefix = String(decoding: template.literals[0], as: UTF8.self)
            let probe = prefix.hasSuffix("/") ? prefix + "x" : prefix
            guard case .file(let path, _) = Translator.translate(probe, rules: snapshot.ruleFile).outcome else { continue }
            let dir = PathResolution.directory(of: path)
            if !aclPaths.contains(where: { $0.hasPrefix(dir + "/") }) {
                result.append(Diagnostic(.warning, at: SourceLocation(path: snapshot.ruleFile.path, line: line.line),
                                         "everything under '\(template.source)' is refused (403): setup '\(setup.name)' has no GetMask or Mask and there is no \(aclFileName) under \(dir)"))
            }
        }
        return result
    }

    /// Groups nobody refers to, and users in no group when nothing admits all users.
    static func unusedNames(snapshot: ProtectionSnapshot, acls: [ACLFile]) -> [Diagnostic] {
        var referenced = Set<String>()
        var definitions: [GroupDefinition] = snapshot.setups.flatMap { Array($0.masks.values) }
        definitions += acls.flatMap { $0.entries.map(\.who) }
        for file in snapshot.groupFiles.values { definitions += file.groups.map(\.definition) }
        for d in definitions { referenced.formUnion(d.names) }
        var result: [Diagnostic] = []
        for file in snapshot.groupFiles.values.sorted(by: { $0.path < $1.path }) {
            for group in file.groups where !referenced.contains(group.name) {
                result.append(Diagnostic(.warning, at: SourceLocation(path: file.path, line: group.line),
                                         "group '\(group.name)' is never used in a mask, an ACL or another group"))
            }
        }
        let admitsAllUsers = referenced.contains { PredefinedGroup(name: $0) != nil }
        let anyGroupFile = snapshot.setups.contains { $0.groupFile != nil }
        if !admitsAllUsers && anyGroupFile {
            for file in snapshot.passwordFiles.values.sorted(by: { $0.path < $1.path }) {
                for entry in file.entries where entry.hash.isUsable && !referenced.contains(entry.user) {
                    result.append(Diagnostic(.warning, at: SourceLocation(path: file.path, line: entry.line),
                                             "user '\(entry.user)' is in no group and named in no mask or ACL: they can never get in"))
                }
            }
        }
        return result
    }
}
