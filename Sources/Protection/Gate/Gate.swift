/// The Access Request Validation Procedure (reference §6), as one pure function of a described
/// request, a protection snapshot, file access and a password verifier.
///
/// The server and `gatehouse explain` both call this, so an explanation can never disagree with
/// what the server does.
public struct Gate<Files: GateFileAccess, Verifier: PasswordVerifier>: Sendable {
    /// The protection files in force.
    public let snapshot: ProtectionSnapshot
    /// ACL files and existence checks.
    public let files: Files
    /// Password checks.
    public let verifier: Verifier

    /// Makes a gate.
    public init(snapshot: ProtectionSnapshot, files: Files, verifier: Verifier) {
        self.snapshot = snapshot
        self.files = files
        self.verifier = verifier
    }

    /// Runs the procedure.
    /// With `tracing` off (the server's hot path) no step text is built.
    public func decide(_ request: GateRequest, tracing: Bool = true) -> Decision {
        var trace = Trace(enabled: tracing)
        let outcome = run(request, &trace)
        var decision = Decision(outcome: outcome, authenticatedUser: trace.user, trace: trace.steps)
        decision.credentialsRejected = trace.rejected
        return decision
    }

    private struct Trace {
        let enabled: Bool
        var steps: [TraceStep] = []
        var user: String?
        var rejected = false
        mutating func add(_ step: String, _ verdict: TraceStep.Verdict, _ detail: @autoclosure () -> String) {
            if enabled { steps.append(TraceStep(step, verdict, detail())) }
        }
    }

    private func run(_ request: GateRequest, _ trace: inout Trace) -> Decision.Outcome {
        let method = request.method
        let directory = PathResolution.directory(of: request.checkedPath)
        let fileName = PathResolution.lastComponent(of: request.checkedPath)
        func shownName() -> String { fileName.isEmpty ? "the directory itself" : "'\(fileName)'" }

        // Step 9 comes first in practice: an ACL file turns protection on (reference §5).
        let acl: ACLLookup = request.mode == .proxy ? .absent : files.aclFile(inDirectory: directory)

        var setupIndex = request.translation.protection
        let isWrite = method == "PUT" || method == "DELETE"
        if request.translation.protectionUnresolved {
            trace.add("rules", .failed, "a Protect rule without a setup matched, and no DefProt was in effect")
            return .forbidden(.setupError)
        }
        if setupIndex == nil && isWrite, let d = request.translation.defaultProtection {
            // 3.0A: PUT and DELETE take the default setup even without a Protect rule.
            setupIndex = d
            trace.add("rules", .info, "\(method) without a Protect rule uses the DefProt setup")
        }
        if setupIndex == nil {
            switch acl {
            case .absent:
                if isWrite {
                    trace.add("rules", .failed, "\(method) on an unprotected path must be explicitly allowed by a protection setup")
                    return .forbidden(.methodNotAllowed)
                }
                trace.add("rules", .info, "not protected: no Protect rule matched and \(directory) has no \(aclFileName)")
                return existence(request, &trace, user: nil)
            case .present, .broken:
                guard let d = request.translation.defaultProtection else {
                    trace.add("9", .failed, "\(directory)/\(aclFileName) turns protection on, but no DefProt rule covers this path")
                    return .forbidden(.setupError)
                }
                setupIndex = d
                trace.add("rules", .info, "\(directory)/\(aclFileName) turns protection on; the DefProt setup applies")
            }
        }
        guard let index = setupIndex, snapshot.setups.indices.contains(index) else {
            trace.add("rules", .failed, "protection setup is missing")
            return .forbidden(.setupError)
        }
        let setup = snapshot.setups[index]
        trace.add("rules", .info, "protected by setup '\(setup.name)' (realm \"\(setup.realm)\")")
        if case .broken(let error) = acl {
            trace.add("9", .failed, "ACL file is unusable, refusing: \(error.diagnostics.first?.description ?? "unreadable")")
            return .forbidden(.brokenACL)
        }

        // Steps 1–7: credentials.
        let headerName = request.mode == .proxy ? "Proxy-Authorization" : "Authorization"
        var user: String?
        if let header = request.credentials {
            switch authenticate(header, setup: setup, headerName: headerName, &trace) {
            case .user(let verified):
                user = verified
                trace.user = verified
            case .stop(let outcome):
                return outcome
            }
        } else {
            trace.add("1", .info, "no \(headerName) header: the request is anonymous")
        }
        func who() -> String { user.map { "user '\($0)'" } ?? "anonymous" }
        let evaluator = GroupEvaluator(user: user, client: request.client, groups: snapshot.groupFile(of: setup))

        // Step 8: the mask for the method (skipped with ACLOverride On when an ACL file exists).
        let mask = setup.mask(for: method)
        var aclFile: ACLFile?
        if case .present(let f) = acl { aclFile = f }
        if let mask {
            if setup.aclOverride && aclFile != nil {
                trace.add("8", .info, "ACLOverride On and an ACL file exists: \(mask.kind.rawValue) is skipped")
            } else {
                switch evaluator.check(mask.definition) {
                case .member:
                    trace.add("8", .passed, "\(who()) from \(request.client) matches \(mask.kind.rawValue) \(mask.definition)")
                case .addressRefused:
                    trace.add("8", .failed, "no item of \(mask.kind.rawValue) \(mask.definition) admits address \(request.client)")
                    return .forbidden(.addressRefused)
                case .notMember:
                    trace.add("8", .failed, "\(who()) from \(request.client) does not match \(mask.kind.rawValue) \(mask.definition)")
                    return .challenge(realm: setup.realm)
                }
            }
        } else {
            trace.add("8", .info, "setup '\(setup.name)' has no mask for \(method)")
        }

        // Steps 9–10.
        guard let aclFile else {
            trace.add("9", .info, "no \(aclFileName) in \(directory)")
            if mask == nil {
                trace.add("10", .failed, "no mask for \(method) and no ACL file: access is never allowed")
                return .forbidden(.noMaskNoACL)
            }
            return existence(request, &trace, user: user)
        }
        let entries = aclFile.entries(for: fileName, method: method)
        trace.add("9", .info, "\(aclFile.path) has \(entries.count) entr\(entries.count == 1 ? "y" : "ies") for \(shownName()) and \(method)")
        guard !entries.isEmpty else {
            trace.add("10", .failed, "the ACL file has no entry for \(shownName()) and \(method)")
            return .forbidden(.noACLEntry)
        }

        // Steps 11–12: any entry for the request must admit the client; any failure is 401.
        for entry in entries where evaluator.check(entry.who) == .member {
            trace.add("11–12", .passed, "\(who()) from \(request.client) matches '\(entry.template) : \(entry.methods.joined(separator: ",")) : \(entry.who)' (line \(entry.line))")
            return existence(request, &trace, user: user)
        }
        trace.add("11–12", .failed, "\(who()) from \(request.client) matches none of the ACL entries for \(shownName())")
        return .challenge(realm: setup.realm)
    }

    /// What steps 2–7 made of a credentials header.
    private enum Authentication {
        /// The password verified for this user.
        case user(String)
        /// The procedure ends here (401, or "hash this first").
        case stop(Decision.Outcome)
    }

    /// Steps 2–7: decode `header` and verify its password against the setup's password file. A
    /// value the verifier remembers verifying against this generation of the file is taken as is.
    private func authenticate(_ header: String, setup: ProtectionSetup, headerName: String, _ trace: inout Trace) -> Authentication {
        let file = snapshot.passwordFile(of: setup)
        if let file, let known = verifier.rememberedUser(forHeader: header, in: file) {
            trace.add("2–7", .passed, "this \(headerName) value verified as '\(known)' against \(file.path) before")
            return .user(known)
        }
        let credentials: BasicCredentials
        switch BasicCredentials.parse(header) {
        case .failure(let failure):
            trace.add(failure.step, .failed, failure.reason)
            trace.rejected = true
            return .stop(.challenge(realm: setup.realm))
        case .success(let parsed):
            credentials = parsed
        }
        trace.add("2", .passed, "\(headerName) uses the Basic scheme")
        trace.add("3", .passed, "credentials decode as base64")
        trace.add("4–5", .passed, "user '\(credentials.user)', password of \(credentials.password.count) bytes")
        guard let file else {
            trace.add("6–7", .failed, "setup '\(setup.name)' has no password file; nobody can authenticate")
            trace.rejected = true
            return .stop(.challenge(realm: setup.realm))
        }
        switch verifier.verify(user: credentials.user, password: credentials.password, in: file) {
        case .pending:
            return .stop(.needsVerification(user: credentials.user, password: credentials.password, file: file))
        case .invalid(let reason):
            trace.add("6–7", .failed, reason)
            trace.rejected = true
            return .stop(.challenge(realm: setup.realm))
        case .valid:
            trace.add("6–7", .passed, "password for '\(credentials.user)' verified against \(file.path)")
            verifier.remember(header: header, verifiedAs: credentials.user, in: file)
            return .user(credentials.user)
        }
    }

    /// Steps 13–15: only now is existence revealed. A PUT may create the document, so it does
    /// not need one.
    private func existence(_ request: GateRequest, _ trace: inout Trace, user: String?) -> Decision.Outcome {
        if request.mode == .proxy {
            trace.add("15", .passed, "forward to \(request.checkedPath)")
            return .allow(user: user)
        }
        if request.method == "PUT" {
            trace.add("15", .passed, "PUT may create or replace \(request.checkedPath)")
            return .allow(user: user)
        }
        guard files.exists(request.checkedPath) else {
            trace.add("13–14", .failed, "\(request.checkedPath) does not exist")
            return .notFound
        }
        trace.add("15", .passed, "serve \(request.checkedPath)")
        return .allow(user: user)
    }
}
