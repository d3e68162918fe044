/// Routes a request the way the server does: the rule file's translation, welcome files for
/// directories, the Gate, then the checks that keep protection files and paths outside the
/// served trees out of reach. A route that needs a password hashed stops with a `RoutePending`
/// that `resume` finishes.
public final class RequestRouter<Files: GateFileAccess, Verifier: PasswordVerifier, FS: ProtectionFileSystem>: Sendable {
    /// The protection state in force.
    public let snapshot: ProtectionSnapshot
    /// ACL files and existence.
    public let files: Files
    /// Password checks.
    public let verifier: Verifier
    /// Stat, realpath and directory reads for welcome files and containment.
    public let fileSystem: FS
    let protectedFiles: Set<String>
    /// The real (symlink-free) directory each Pass rule serves, by the rule's line.
    private let realRoots: [Int: String]

    /// Makes a router.
    public init(snapshot: ProtectionSnapshot, files: Files, verifier: Verifier, fileSystem: FS) {
        self.snapshot = snapshot
        self.files = files
        self.verifier = verifier
        self.fileSystem = fileSystem
        // The loaded protection files, their real paths, and the admin tools' lock files beside them.
        var protected = Set<String>()
        for path in snapshot.sourceFiles {
            for p in [path, fileSystem.realPath(path)].compactMap({ $0 }) {
                protected.insert(p)
                protected.insert(p + ".lock")
            }
        }
        self.protectedFiles = protected
        var roots: [Int: String] = [:]
        for line in snapshot.ruleFile.rules {
            guard case .pass = line.rule, let root = snapshot.ruleFile.passRoot(line: line.line),
                  let real = fileSystem.realPath(root) else { continue }
            roots[line.line] = real
        }
        self.realRoots = roots
    }

    /// Names of files that are never served, wherever they are.
    public static var hiddenNames: Set<String> { [aclFileName, browsableMarker] }

    /// The marker file that makes a directory listable under `DirAccess Selective`.
    public static var browsableMarker: String { ".www_browsable" }

    /// The prefix of the server's own temporary files (uploads in progress): never served.
    public static var temporaryPrefix: String { ".gatehouse-" }

    /// The Gate over this router's files, answering step 13 for `path` from what the router saw.
    func gate(knowing path: String, exists: Bool) -> Gate<KnownExistence<Files>, Verifier> {
        Gate(snapshot: snapshot, files: KnownExistence(base: files, path: path, exists: exists), verifier: verifier)
    }

    /// Routes a request. `path` is the decoded, normalised URL path.
    /// With `tracing` off (the server's hot path) no step text is built.
    public func route(method: String, path: String, query: String? = nil, client: ClientAddress,
                      credentials: String?, mode: GateRequest.Mode = .origin, tracing: Bool = true) -> RouteDecision {
        let rules = snapshot.ruleFile
        let translation = Translator.translate(path, query: query, rules: rules, tracing: tracing)
        var trace = translation.steps.map { TraceStep("rules", .info, $0) }
        func note(_ step: String, _ verdict: TraceStep.Verdict, _ detail: @autoclosure () -> String) {
            if tracing { trace.append(TraceStep(step, verdict, detail())) }
        }
        let fsPath: String
        let passLine: Int
        switch translation.outcome {
        case .failed, .noPass:
            note("rules", .failed, "refused by the rule file")
            return RouteDecision(outcome: .forbidden(.byRule), user: nil, trace: trace)
        case .redirect(let url, let permanent, _):
            return RouteDecision(outcome: .redirect(url: url, permanent: permanent), user: nil, trace: trace)
        case .file(let p, let line):
            fsPath = p
            passLine = line
        }

        let isRead = method == "GET" || method == "HEAD"
        // Protection files are never served (reference §8), whatever the rules say, and never
        // written through HTTP.
        if RequestRouter.namesHiddenFile(fsPath) || protectedFiles.contains(PathResolution.endsWithSlash(fsPath) ? String(fsPath.dropLast()) : fsPath) {
            note("rules", .failed, "\(fsPath) is a protection file and is never \(isRead ? "served" : "written")")
            return RouteDecision(outcome: isRead ? .notFound : .forbidden(.protectionFile), user: nil, trace: trace)
        }
        if !isRead {
            return routeModification(method: method, fsPath: fsPath, passLine: passLine, client: client, credentials: credentials,
                                     mode: mode, translation: translation, tracing: tracing, trace: trace)
        }

        // Which physical path the ACL check uses (reference cern §6.1): the welcome file chosen for
        // a slashed directory URL, the directory itself (empty name) otherwise.
        let inspection = fileSystem.inspect(fsPath)
        let status = inspection?.status
        if status?.kind == .directory && !path.hasSuffix("/") {
            // The whole request is decided as for the slashed URL (its own rules, welcome file
            // and ACL), so the redirect is given exactly to those who may follow it.
            note("rules", .info, "\(fsPath) is a directory requested without a trailing '/': deciding as for \(path)/")
            let slashed = route(method: method, path: path + "/", query: query, client: client, credentials: credentials,
                                mode: mode, tracing: tracing)
            return RequestRouter.redirectingToSlash(slashed, before: trace)
        }
        var target = ReadTarget(checked: fsPath, isListing: false, realPath: inspection?.realPath, status: status, passLine: passLine)
        if status?.kind == .directory {
            let dir = fsPath.hasSuffix("/") ? fsPath : fsPath + "/"
            var welcome: (name: String, found: FileInspection)?
            for name in rules.welcome {
                if let found = fileSystem.inspect(dir + name), found.status.kind == .regular {
                    welcome = (name, found)
                    break
                }
            }
            if let (name, found) = welcome {
                target = ReadTarget(checked: dir + name, isListing: false, realPath: found.realPath, status: found.status, passLine: passLine)
                note("rules", .info, "directory \(dir): welcome file '\(name)'")
            } else {
                target = ReadTarget(checked: dir, isListing: true, realPath: nil, status: nil, passLine: passLine)
                note("rules", .info, "directory \(dir) has no welcome file (\(rules.welcome.joined(separator: ", ")))")
            }
        }

        // The Gate's step 13 asks whether the checked path exists: we already know.
        let request = GateRequest(method: method, checkedPath: target.checked, client: client, credentials: credentials,
                                  mode: mode, translation: translation)
        let decision = gate(knowing: target.checked, exists: status != nil).decide(request, tracing: tracing)
        return finishRead(decision, request: request, target: target, trace: trace, tracing: tracing)
    }

    /// A route decided as for the slashed URL, answered as the redirect to it when it would serve.
    static func redirectingToSlash(_ slashed: RouteDecision, before trace: [TraceStep]) -> RouteDecision {
        var result = slashed
        result.trace = trace + slashed.trace
        switch slashed.outcome {
        case .serveFile, .listDirectory:
            result.outcome = .redirectToSlash
        case .needsVerification:
            result.pending = slashed.pending.map { $0.redirectingToSlash(before: trace) }
        case .redirect, .redirectToSlash, .modify, .proxy, .challenge, .forbidden, .notFound:
            break
        }
        return result
    }

    /// After the Gate ran on a read: a pending verification, a refusal, or the containment and
    /// listing checks before serving.
    func finishRead(_ decision: Decision, request: GateRequest, target: ReadTarget, trace: [TraceStep], tracing: Bool,
                    slashRedirect: Bool = false) -> RouteDecision {
        var trace = trace + decision.trace
        func note(_ step: String, _ verdict: TraceStep.Verdict, _ detail: @autoclosure () -> String) {
            if tracing { trace.append(TraceStep(step, verdict, detail())) }
        }
        let user = decision.authenticatedUser
        func done(_ outcome: RouteDecision.Outcome) -> RouteDecision {
            var result = RouteDecision(outcome: outcome, user: user, trace: trace, gate: decision)
            result.fileStatus = target.status
            return result
        }
        switch decision.outcome {
        case .challenge(let realm): return done(.challenge(realm: realm))
        case .forbidden(let reason): return done(.forbidden(reason))
        case .notFound: return done(.notFound)
        case .needsVerification(let u, let p, let f):
            var result = done(.needsVerification(user: u, password: p, file: f))
            result.pending = decision.pending.map {
                RoutePending(gate: $0, request: request, continuation: .read(target, slashRedirect: slashRedirect), steps: Array(trace.dropLast(decision.trace.count)),
                             configuration: snapshot.ruleFile)
            }
            return result
        case .allow:
            break
        }

        // After the symlinks are resolved the file must still be inside the Pass rule's tree;
        // outside it, it does not exist as far as clients can tell.
        let realRoot = realRoot(forPassLine: target.passLine)
        let real = target.realPath ?? fileSystem.realPath(target.checked) ?? ""
        if !isInside(real, root: realRoot) || protectedFiles.contains(real) {
            note("13–14", .failed, "\(target.checked) resolves to \(real.isEmpty ? "nothing" : real), outside the tree the Pass rule serves")
            return done(.notFound)
        }
        let outcome: RouteDecision.Outcome
        if !target.isListing {
            outcome = .serveFile(path: target.checked)
        } else {
            switch snapshot.ruleFile.directoryListing {
            case .on: outcome = .listDirectory(path: target.checked)
            case .selective where fileSystem.status(target.checked + RequestRouter.browsableMarker) != nil:
                outcome = .listDirectory(path: target.checked)
            case .selective, .off:
                note("15", .failed, "DirAccess does not allow listing \(target.checked)")
                return done(.forbidden(.listingDenied))
            }
        }
        return done(slashRedirect ? .redirectToSlash : outcome)
    }

    /// The real directory a Pass rule serves. Fail closed: a root that cannot be resolved serves
    /// nothing.
    func realRoot(forPassLine line: Int) -> String {
        realRoots[line] ?? snapshot.ruleFile.passRoot(line: line).flatMap { fileSystem.realPath($0) } ?? "\u{0}"
    }

    /// Whether `real` is `root` or lies under it.
    func isInside(_ real: String, root: String) -> Bool {
        real == root || real.hasPrefix(root == "/" ? "/" : root + "/")
    }

    /// Whether any component of the path is a never-served name (`.www_acl`, `.www_browsable`,
    /// an upload in progress).
    static func namesHiddenFile(_ path: String) -> Bool {
        guard PathResolution.contains(path, "/.www_") || PathResolution.contains(path, "/.gatehouse-") else { return false }
        return path.split(separator: "/").contains { hiddenNames.contains(String($0)) || $0.hasPrefix(temporaryPrefix) }
    }
}

