/// The Access Request Validation Procedure (reference §6), as one pure function of a described
/// request, a protection snapshot, file access and a password verifier.
///
/// The server and `gatehouse explain` both call this, so an explanation can never disagree with
/// what the server does. When a password needs hashing the Gate stops with a `GatePending`, and
/// `resume` continues from steps 6–7 once the hash is done.
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
        var trace = GateTrace(enabled: tracing)
        var pending: GatePending?
        let outcome = run(request, &trace, &pending)
        return Decision(outcome: outcome, trace: trace, pending: pending)
    }

    /// Continues a request the Gate stopped for hashing, with the verifier's answer for its
    /// credentials (`.pending` again stops again).
    public func resume(_ pending: GatePending, _ request: GateRequest, check: PasswordCheck, tracing: Bool = true) -> Decision {
        var trace = GateTrace(enabled: tracing)
        trace.steps = tracing ? pending.steps : []
        trace.claimedUser = pending.user
        trace.protected = true
        let setup = snapshot.setups[pending.setupIndex]
        if check == .pending {
            return Decision(outcome: .needsVerification(user: pending.user, password: pending.password, file: pending.file),
                            trace: trace, pending: pending)
        }
        let outcome: Decision.Outcome
        switch verified(pending.user, check, header: pending.header, file: pending.file, setup: setup, &trace) {
        case .user(let user): outcome = authorize(request, setup: setup, acl: pending.acl, user: user, &trace)
        case .stop(let stop): outcome = stop
        case .hash: outcome = .challenge(realm: setup.realm)
        }
        return Decision(outcome: outcome, trace: trace, pending: nil)
    }

    private func run(_ request: GateRequest, _ trace: inout GateTrace, _ pending: inout GatePending?) -> Decision.Outcome {
        let directory = PathResolution.directory(of: request.checkedPath)
        // Step 9 comes first in practice: an ACL file turns protection on (reference §5).
        let acl: ACLLookup = request.mode == .proxy ? .absent : files.aclFile(inDirectory: directory)
        let setupIndex: Int
        switch protection(request, acl: acl, directory: directory, &trace) {
        case .decided(let outcome): return outcome
        case .protected(let index): setupIndex = index
        }
        let setup = snapshot.setups[setupIndex]
        trace.protected = true
        trace.add("rules", .info, "protected by setup '\(setup.name)' (realm \"\(setup.realm)\")")
        if case .broken(let error) = acl {
            trace.problem("9", "ACL file is unusable, refusing: \(error.diagnostics.first?.description ?? "unreadable")")
            return .forbidden(.brokenACL)
        }

        // Steps 1–7: credentials.
        var user: String?
        if let header = request.credentials {
            switch authenticate(header, setup: setup, mode: request.mode, &trace) {
            case .user(let verified):
                user = verified
            case .stop(let outcome):
                return outcome
            case .hash(let credentials, let file):
                pending = GatePending(user: credentials.user, password: credentials.password, file: file, header: header,
                                      setupIndex: setupIndex, acl: acl, steps: trace.steps)
                return .needsVerification(user: credentials.user, password: credentials.password, file: file)
            }
        } else {
            trace.add("1", .info, "no \(GateRequest.credentialsField(request.mode)) header: the request is anonymous")
        }
        return authorize(request, setup: setup, acl: acl, user: user, &trace)
    }

    /// Whether the request is protected, and by which setup (the rules' verdict, the default
    /// setup for PUT and DELETE, and an ACL file turning protection on).
    private enum Protection {
        case decided(Decision.Outcome)
        case protected(setupIndex: Int)
    }

    private func protection(_ request: GateRequest, acl: ACLLookup, directory: String, _ trace: inout GateTrace) -> Protection {
        let method = request.method
        var setupIndex = request.translation.protection
        let isWrite = method == "PUT" || method == "DELETE"
        if request.translation.protectionUnresolved {
            trace.problem("rules", "a Protect rule without a setup matched, and no DefProt was in effect")
            return .decided(.forbidden(.setupError))
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
                    return .decided(.forbidden(.methodNotAllowed))
                }
                trace.add("rules", .info, "not protected: no Protect rule matched and \(directory) has no \(aclFileName)")
                return .decided(existence(request, &trace, user: nil))
            case .present, .broken:
                guard let d = request.translation.defaultProtection else {
                    trace.problem("9", "\(directory)/\(aclFileName) turns protection on, but no DefProt rule covers this path")
                    return .decided(.forbidden(.setupError))
                }
                setupIndex = d
                trace.add("rules", .info, "\(directory)/\(aclFileName) turns protection on; the DefProt setup applies")
            }
        }
        guard let index = setupIndex, snapshot.setups.indices.contains(index) else {
            trace.problem("rules", "protection setup is missing")
            return .decided(.forbidden(.setupError))
        }
        return .protected(setupIndex: index)
    }

    /// Steps 13–15: only now is existence revealed. A PUT may create the document, so it does
    /// not need one.
    func existence(_ request: GateRequest, _ trace: inout GateTrace, user: String?) -> Decision.Outcome {
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
