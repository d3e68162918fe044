/// What the server should do with a request, after translation, welcome-file resolution and the
/// Gate: the single answer that both `gatehouse serve` and `gatehouse explain` act on.
public struct RouteDecision: Sendable {
    /// The action.
    public enum Outcome: Sendable, Hashable {
        /// Serve this regular file.
        case serveFile(path: String)
        /// List this directory (path ends with `/`).
        case listDirectory(path: String)
        /// Forward the request to this URL (proxy mode; `user` authenticated by Proxy-Authorization).
        case proxy(url: String)
        /// PUT or DELETE may act on this document (`exists`: whether it is there now).
        case modify(path: String, exists: Bool)
        /// The URL names a directory without a trailing `/`: 301 to the slashed URL.
        case redirectToSlash
        /// A Redirect (302) or Moved (301) rule.
        case redirect(url: String, permanent: Bool)
        /// 401 (407 in proxy mode).
        case challenge(realm: String)
        /// 403.
        case forbidden(ForbiddenReason)
        /// 404.
        case notFound
        /// Hash the password elsewhere, then `RequestRouter.resume` with `pending`.
        case needsVerification(user: String, password: [UInt8], file: PasswordFile)

        /// Equal outcomes; a pending verification compares by user and password file only
        /// (the password bytes are not compared, and never printed).
        public static func == (a: Outcome, b: Outcome) -> Bool {
            switch (a, b) {
            case (.serveFile(let x), .serveFile(let y)), (.listDirectory(let x), .listDirectory(let y)): return x == y
            case (.modify(let x, let e1), .modify(let y, let e2)): return x == y && e1 == e2
            case (.proxy(let x), .proxy(let y)): return x == y
            case (.redirectToSlash, .redirectToSlash), (.notFound, .notFound): return true
            case (.redirect(let u1, let p1), .redirect(let u2, let p2)): return u1 == u2 && p1 == p2
            case (.challenge(let x), .challenge(let y)): return x == y
            case (.forbidden(let x), .forbidden(let y)): return x == y
            case (.needsVerification(let u1, _, let f1), .needsVerification(let u2, _, let f2)): return u1 == u2 && f1.path == f2.path
            default: return false
            }
        }

        /// Hashes what `==` compares (or less).
        public func hash(into hasher: inout Hasher) {
            switch self {
            case .serveFile(let p), .listDirectory(let p), .proxy(let p): hasher.combine(p)
            case .modify(let p, _): hasher.combine(p)
            case .redirectToSlash, .notFound, .needsVerification: hasher.combine(0)
            case .redirect(let u, _): hasher.combine(u)
            case .challenge(let r): hasher.combine(r)
            case .forbidden(let r): hasher.combine(r)
            }
        }
    }

    /// The action.
    public internal(set) var outcome: Outcome
    /// The user whose password was verified, even when then refused (access log authuser).
    public let authenticatedUser: String?
    /// Translation and procedure steps, in order.
    public internal(set) var trace: [TraceStep]
    /// Credentials were sent and refused at steps 2–7 (the failure throttle counts these).
    public internal(set) var credentialsRejected = false
    /// The user name the credentials carried, verified or not (the failure throttle's key).
    public internal(set) var claimedUser: String?
    /// The Gate's deciding step ("8", "11–12", …), or "rules" when translation decided.
    public internal(set) var decidingStep: String?
    /// Why a broken setup or ACL file refused the request (for the error log, even untraced).
    public internal(set) var problem: String?
    /// A protection setup applied: the answer depends on who asks.
    public internal(set) var protected = false
    /// What the router saw of the file it decided on (`serveFile`), so the responder can
    /// validate a cached copy without another `stat`.
    public internal(set) var fileStatus: FileStatus?
    /// For `modify`: the canonical path of the directory written into, as the router checked it
    /// lies inside the Pass rule's tree. The writer opens the directory and compares, then acts
    /// only through that open directory, so a component swapped for a symbolic link after the
    /// check cannot redirect the write.
    public internal(set) var checkedDirectory: String?
    /// With `.needsVerification`: where to resume once the password is hashed.
    public internal(set) var pending: RoutePending?

    /// A decision with the given parts; the Gate's facts are copied from `gate` when given.
    init(outcome: Outcome, user: String?, trace: [TraceStep], gate: Decision? = nil) {
        self.outcome = outcome
        self.authenticatedUser = user
        self.trace = trace
        if let gate {
            credentialsRejected = gate.credentialsRejected
            claimedUser = gate.claimedUser
            decidingStep = gate.decidingStep
            problem = gate.problem
            protected = gate.protected
        } else {
            decidingStep = "rules"
        }
    }
}
