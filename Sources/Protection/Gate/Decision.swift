/// What the Gate decided, and the steps of the procedure that led there.
public struct Decision: Sendable {
    /// The outcome.
    public enum Outcome: Sendable, Hashable {
        /// Serve it; `user` is the authenticated user, if any.
        case allow(user: String?)
        /// 401 (407 in proxy mode) with a Basic challenge for `realm`.
        case challenge(realm: String)
        /// 403.
        case forbidden(ForbiddenReason)
        /// 404: the client may see it, but it does not exist.
        case notFound
        /// The password check needs hashing; run the Gate again once the verifier knows.
        case needsVerification(user: String, password: [UInt8], file: PasswordFile)

        /// Equal outcomes; a pending verification compares by user and password file only
        /// (the password bytes are not compared, and never printed).
        public static func == (a: Outcome, b: Outcome) -> Bool {
            switch (a, b) {
            case (.allow(let x), .allow(let y)): return x == y
            case (.challenge(let x), .challenge(let y)): return x == y
            case (.forbidden(let x), .forbidden(let y)): return x == y
            case (.notFound, .notFound): return true
            case (.needsVerification(let u1, _, let f1), .needsVerification(let u2, _, let f2)): return u1 == u2 && f1.path == f2.path
            default: return false
            }
        }

        /// Hashes what `==` compares (or less).
        public func hash(into hasher: inout Hasher) {
            switch self {
            case .allow(let u): hasher.combine(0); hasher.combine(u)
            case .challenge(let r): hasher.combine(1); hasher.combine(r)
            case .forbidden(let r): hasher.combine(2); hasher.combine(r)
            case .notFound: hasher.combine(3)
            case .needsVerification(let u, _, let f): hasher.combine(4); hasher.combine(u); hasher.combine(f.path)
            }
        }
    }

    /// The outcome.
    public let outcome: Outcome
    /// The user whose password was verified in this request, even when access was then refused
    /// (the access log's authuser, reference cern §10).
    public let authenticatedUser: String?
    /// The steps taken, in order.
    public let trace: [TraceStep]
    /// Credentials were sent and refused at steps 2–7 (the failure throttle counts these).
    public let credentialsRejected: Bool
    /// The user name the credentials carried, verified or not (the failure throttle's key).
    public let claimedUser: String?
    /// The step that decided (the last one that passed or failed), e.g. "8" or "11–12".
    public let decidingStep: String?
    /// Why a broken setup or ACL file refused the request, for the error log (set with or without tracing).
    public let problem: String?
    /// A protection setup applied to the request (its answer depends on who asks).
    public let protected: Bool
    /// Where the Gate stopped for hashing (with `.needsVerification`): pass it to `Gate.resume`.
    public let pending: GatePending?

    /// A decision from a run's trace.
    init(outcome: Outcome, trace: GateTrace, pending: GatePending?) {
        self.outcome = outcome
        self.authenticatedUser = trace.user
        self.trace = trace.steps
        self.credentialsRejected = trace.rejected
        self.claimedUser = trace.claimedUser
        self.decidingStep = trace.decidingStep
        self.problem = trace.problem
        self.protected = trace.protected
        self.pending = pending
    }

    /// The HTTP status the outcome becomes (407 for a proxy challenge).
    public func status(mode: GateRequest.Mode) -> Int {
        switch outcome {
        case .allow: return 200
        case .challenge: return mode == .proxy ? 407 : 401
        case .forbidden: return 403
        case .notFound: return 404
        case .needsVerification: return 0
        }
    }
}

/// Why a request is refused with 403.
public enum ForbiddenReason: Sendable, Hashable, CustomStringConvertible {
    /// Step 8: no item of the mask admits the client's address.
    case addressRefused
    /// Step 10: no mask for the method and no ACL file.
    case noMaskNoACL
    /// Step 10: the ACL has no entry for this file and method.
    case noACLEntry
    /// An ACL file turned protection on but no DefProt is in effect (or a Protect without setup
    /// found none).
    case setupError
    /// The ACL file cannot be read or parsed (fail closed).
    case brokenACL
    /// PUT/DELETE on an unprotected path must be explicitly allowed (3.0A).
    case methodNotAllowed
    /// A Fail rule, or no Pass rule.
    case byRule
    /// A directory without a welcome file, and `DirAccess` does not allow listing it.
    case listingDenied
    /// PUT or DELETE aimed at a protection file (`.www_acl`, a password file …).
    case protectionFile
    /// PUT or DELETE aimed at a directory.
    case directoryTarget

    /// A short sentence for error pages and logs.
    public var description: String {
        switch self {
        case .addressRefused: return "the server refuses to serve your address"
        case .noMaskNoACL: return "access is never allowed (protected, with no mask and no ACL file)"
        case .noACLEntry: return "access is never allowed (no ACL entry)"
        case .setupError: return "server protection setup error"
        case .brokenACL: return "the ACL file cannot be read"
        case .methodNotAllowed: return "the method must be explicitly allowed by protection"
        case .byRule: return "forbidden by rule"
        case .listingDenied: return "directory listing is not allowed"
        case .protectionFile: return "protection files cannot be written over HTTP"
        case .directoryTarget: return "directories cannot be written or deleted"
        }
    }
}

/// One step of the procedure as `explain` prints it.
public struct TraceStep: Sendable, Hashable, CustomStringConvertible {
    /// Whether the step let the request on.
    public enum Verdict: Sendable, Hashable {
        case passed, failed, info
    }

    /// The seed's step number ("1", "2", "4–5", "6–7", … or "rules" for translation).
    public let step: String
    /// Passed, failed or informational.
    public let verdict: Verdict
    /// What the step looked at and why it passed or failed (never a password).
    public let detail: String

    /// Makes a step.
    public init(_ step: String, _ verdict: Verdict, _ detail: String) {
        self.step = step
        self.verdict = verdict
        self.detail = detail
    }

    /// `step 6–7  ok    user 'ann' verified`.
    public var description: String {
        let mark: String
        switch verdict {
        case .passed: mark = "ok  "
        case .failed: mark = "FAIL"
        case .info: mark = "    "
        }
        let label = "step \(step)"
        return label + String(repeating: " ", count: max(1, 11 - label.count)) + mark + "  " + detail
    }
}
