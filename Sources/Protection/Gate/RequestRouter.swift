/// Routes a request the way the server does: the rule file's translation, welcome files for
/// directories, the Gate, then the checks that keep protection files and paths outside the
/// served trees out of reach.
public final class RequestRouter<Files: GateFileAccess, Verifier: PasswordVerifier, FS: ProtectionFileSystem>: Sendable {
    /// The protection state in force.
    public let snapshot: ProtectionSnapshot
    /// ACL files and existence.
    public let files: Files
    /// Password checks.
    public let verifier: Verifier
    /// Stat, realpath and directory reads for welcome files and containment.
    public let fileSystem: FS
    private let protectedFiles: Set<String>
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
            return RouteDecision(outcome: .forbidden(.byRule), authenticatedUser: nil, trace: trace)
        case .redirect(let url, let permanent, _):
            return RouteDecision(outcome: .redirect(url: url, permanent: permanent), authenticatedUser: nil, trace: trace)
        case .file(let p, let line):
            fsPath = p
            passLine = line
        }

        let isRead = method == "GET" || method == "HEAD"
        // Protection files are never served (reference §8), whatever the rules say, and never
        // written through HTTP.
        if RequestRouter.namesHiddenFile(fsPath) || protectedFiles.contains(PathResolution.endsWithSlash(fsPath) ? String(fsPath.dropLast()) : fsPath) {
            note("rules", .failed, "\(fsPath) is a protection file and is never \(isRead ? "served" : "written")")
            return RouteDecision(outcome: isRead ? .notFound : .forbidden(.protectionFile), authenticatedUser: nil, trace: trace)
        }
        if !isRead {
            return routeModification(method: method, fsPath: fsPath, passLine: passLine, client: client, credentials: credentials,
                                     mode: mode, translation: translation, tracing: tracing, trace: trace)
        }

        // Which physical path the ACL check uses (reference cern §6.1): the welcome file chosen for
        // a slashed directory URL, the directory itself (empty name) otherwise.
        var checked = fsPath
        var kind = TargetKind.file
        let inspection = fileSystem.inspect(fsPath)
        let status = inspection?.status
        var checkedExists = status != nil
        // Where the checked path really is (computed below when it is not `fsPath`).
        var checkedReal = inspection?.realPath
        var checkedStatus = status
        if status?.kind == .directory && !path.hasSuffix("/") {
            // The whole request is decided as for the slashed URL (its own rules, welcome file
            // and ACL), so the redirect is given exactly to those who may follow it.
            note("rules", .info, "\(fsPath) is a directory requested without a trailing '/': deciding as for \(path)/")
            let slashed = route(method: method, path: path + "/", query: query, client: client, credentials: credentials,
                                mode: mode, tracing: tracing)
            var result = RouteDecision(outcome: slashed.outcome, authenticatedUser: slashed.authenticatedUser, trace: trace + slashed.trace)
            result.credentialsRejected = slashed.credentialsRejected
            switch slashed.outcome {
            case .serveFile, .listDirectory:
                result = RouteDecision(outcome: .redirectToSlash, authenticatedUser: slashed.authenticatedUser, trace: result.trace)
            case .redirect, .redirectToSlash, .modify, .proxy, .challenge, .forbidden, .notFound, .needsVerification:
                break
            }
            return result
        }
        if status?.kind == .directory {
            checkedExists = true
            let dir = fsPath.hasSuffix("/") ? fsPath : fsPath + "/"
            checkedReal = nil
            checkedStatus = nil
            var welcome: (name: String, found: FileInspection)?
            for name in rules.welcome {
                if let found = fileSystem.inspect(dir + name), found.status.kind == .regular {
                    welcome = (name, found)
                    break
                }
            }
            if let (name, found) = welcome {
                checked = dir + name
                checkedReal = found.realPath
                checkedStatus = found.status
                note("rules", .info, "directory \(dir): welcome file '\(name)'")
            } else {
                checked = dir
                kind = .listing
                note("rules", .info, "directory \(dir) has no welcome file (\(rules.welcome.joined(separator: ", ")))")
            }
        }

        // The Gate's step 13 asks whether the checked path exists: we already know.
        let gate = Gate(snapshot: snapshot, files: KnownExistence(base: files, path: checked, exists: checkedExists), verifier: verifier)
        let decision = gate.decide(GateRequest(method: method, checkedPath: checked, client: client, credentials: credentials,
                                               mode: mode, translation: translation), tracing: tracing)
        trace += decision.trace
        let user = decision.authenticatedUser
        func done(_ outcome: RouteDecision.Outcome) -> RouteDecision {
            var result = RouteDecision(outcome: outcome, authenticatedUser: user, trace: trace)
            result.credentialsRejected = decision.credentialsRejected
            result.fileStatus = checkedStatus
            return result
        }
        switch decision.outcome {
        case .challenge(let realm): return done(.challenge(realm: realm))
        case .forbidden(let reason): return done(.forbidden(reason))
        case .notFound: return done(.notFound)
        case .needsVerification(let u, let p, let f): return done(.needsVerification(user: u, password: p, file: f))
        case .allow:
            break
        }

        // After the symlinks are resolved the file must still be inside the Pass rule's tree;
        // outside it, it does not exist as far as clients can tell.
        // Fail closed: a root that cannot be resolved serves nothing.
        let realRoot = realRoots[passLine] ?? rules.passRoot(line: passLine).flatMap { fileSystem.realPath($0) } ?? "\u{0}"
        let real = checkedReal ?? fileSystem.realPath(checked) ?? ""
        let inside = real == realRoot || real.hasPrefix(realRoot == "/" ? "/" : realRoot + "/")
        if !inside || protectedFiles.contains(real) {
            note("13–14", .failed, "\(checked) resolves to \(real.isEmpty ? "nothing" : real), outside the tree the Pass rule serves")
            return done(.notFound)
        }

        switch kind {
        case .file: return done(.serveFile(path: checked))
        case .listing:
            switch rules.directoryListing {
            case .on: return done(.listDirectory(path: checked))
            case .selective where fileSystem.status(checked + RequestRouter.browsableMarker) != nil:
                return done(.listDirectory(path: checked))
            case .selective, .off:
                note("15", .failed, "DirAccess does not allow listing \(checked)")
                return done(.forbidden(.listingDenied))
            }
        }
    }

    private enum TargetKind { case file, listing }

    /// Routes a proxy request (reference §6, proxy mode): the rule file translates the absolute
    /// URL (`http://host:port/path`, or `https://host:port` for CONNECT); only a `Pass` whose
    /// result is a URL (`Pass http:*`) enables proxying; `Protect http:* SETUP` protects it with
    /// the same Gate, reading `Proxy-Authorization` and never consulting `.www_acl` files.
    public func routeProxy(method: String, url: String, client: ClientAddress, credentials: String?,
                           tracing: Bool = true) -> RouteDecision {
        let translation = Translator.translate(url, rules: snapshot.ruleFile, tracing: tracing)
        var trace = translation.steps.map { TraceStep("rules", .info, $0) }
        guard case .file(let target, _) = translation.outcome, Translator.isProxyURL(target) else {
            if tracing { trace.append(TraceStep("rules", .failed, "no 'Pass http:*' rule enables proxying \(url)")) }
            return RouteDecision(outcome: .forbidden(.byRule), authenticatedUser: nil, trace: trace)
        }
        let gate = Gate(snapshot: snapshot, files: files, verifier: verifier)
        let decision = gate.decide(GateRequest(method: method, checkedPath: target, client: client, credentials: credentials,
                                               mode: .proxy, translation: translation), tracing: tracing)
        trace += decision.trace
        let outcome: RouteDecision.Outcome
        switch decision.outcome {
        case .allow: outcome = .proxy(url: target)
        case .challenge(let realm): outcome = .challenge(realm: realm)
        case .forbidden(let reason): outcome = .forbidden(reason)
        case .notFound: outcome = .notFound
        case .needsVerification(let u, let p, let f): outcome = .needsVerification(user: u, password: p, file: f)
        }
        var result = RouteDecision(outcome: outcome, authenticatedUser: decision.authenticatedUser, trace: trace)
        result.credentialsRejected = decision.credentialsRejected
        return result
    }

    /// PUT, DELETE and other methods act on the translated path as is (no welcome files,
    /// reference cern §6.1); a PUT may create the file, so the Gate does not ask whether it exists.
    private func routeModification(method: String, fsPath: String, passLine: Int, client: ClientAddress, credentials: String?,
                                   mode: GateRequest.Mode, translation: Translation, tracing: Bool, trace: [TraceStep]) -> RouteDecision {
        var trace = trace
        func note(_ step: String, _ verdict: TraceStep.Verdict, _ detail: @autoclosure () -> String) {
            if tracing { trace.append(TraceStep(step, verdict, detail())) }
        }
        let status = fileSystem.status(fsPath)
        if fsPath.hasSuffix("/") || status?.kind == .directory {
            note("rules", .failed, "\(fsPath) is a directory: \(method) acts on documents only")
            return RouteDecision(outcome: .forbidden(.directoryTarget), authenticatedUser: nil, trace: trace)
        }
        let gate = Gate(snapshot: snapshot, files: KnownExistence(base: files, path: fsPath, exists: status != nil), verifier: verifier)
        let decision = gate.decide(GateRequest(method: method, checkedPath: fsPath, client: client, credentials: credentials,
                                               mode: mode, translation: translation), tracing: tracing)
        trace += decision.trace
        let user = decision.authenticatedUser
        switch decision.outcome {
        case .challenge(let realm):
            var result = RouteDecision(outcome: .challenge(realm: realm), authenticatedUser: user, trace: trace)
            result.credentialsRejected = decision.credentialsRejected
            return result
        case .forbidden(let reason): return RouteDecision(outcome: .forbidden(reason), authenticatedUser: user, trace: trace)
        case .notFound: return RouteDecision(outcome: .notFound, authenticatedUser: user, trace: trace)
        case .needsVerification(let u, let p, let f):
            return RouteDecision(outcome: .needsVerification(user: u, password: p, file: f), authenticatedUser: user, trace: trace)
        case .allow:
            break
        }
        // The directory written into, and the file itself when it exists, must lie inside the
        // Pass rule's tree once symlinks are resolved.
        let realRoot = realRoots[passLine] ?? snapshot.ruleFile.passRoot(line: passLine).flatMap { fileSystem.realPath($0) } ?? "\u{0}"
        func inside(_ real: String) -> Bool { real == realRoot || real.hasPrefix(realRoot == "/" ? "/" : realRoot + "/") }
        let realDirectory = fileSystem.realPath(PathResolution.directory(of: fsPath)) ?? ""
        let realTarget = status == nil ? realDirectory : (fileSystem.realPath(fsPath) ?? "")
        guard inside(realDirectory), inside(realTarget), !protectedFiles.contains(realTarget) else {
            note("13–14", .failed, "\(fsPath) resolves outside the tree the Pass rule serves")
            return RouteDecision(outcome: status == nil ? .notFound : .forbidden(.protectionFile), authenticatedUser: user, trace: trace)
        }
        var result = RouteDecision(outcome: .modify(path: fsPath, exists: status != nil), authenticatedUser: user, trace: trace)
        result.checkedDirectory = realDirectory
        return result
    }

    /// The prefix of the server's own temporary files (uploads in progress): never served.
    public static var temporaryPrefix: String { ".gatehouse-" }

    /// Whether any component of the path is a never-served name (`.www_acl`, `.www_browsable`,
    /// an upload in progress).
    static func namesHiddenFile(_ path: String) -> Bool {
        guard PathResolution.contains(path, "/.www_") || PathResolution.contains(path, "/.gatehouse-") else { return false }
        return path.split(separator: "/").contains { hiddenNames.contains(String($0)) || $0.hasPrefix(temporaryPrefix) }
    }
}
