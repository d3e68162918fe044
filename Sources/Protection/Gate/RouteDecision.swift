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
        /// Hash the password elsewhere, then route again.
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
            hasher.combine(status(mode: .origin))
        }

        /// The HTTP status this outcome is answered with.
        public func status(mode: GateRequest.Mode) -> Int {
            switch self {
            case .serveFile, .listDirectory, .modify, .proxy: return 200
            case .redirectToSlash: return 301
            case .redirect(_, let permanent): return permanent ? 301 : 302
            case .challenge: return mode == .proxy ? 407 : 401
            case .forbidden: return 403
            case .notFound: return 404
            case .needsVerification: return 0
            }
        }
    }

    /// The action.
    public let outcome: Outcome
    /// The user whose password was verified, even when then refused (access log authuser).
    public let authenticatedUser: String?
    /// Translation and procedure steps, in order.
    public let trace: [TraceStep]
    /// Credentials were sent and refused at steps 2–7 (the failure throttle counts these).
    public internal(set) var credentialsRejected = false
    /// What the router saw of the file it decided on (`serveFile`), so the responder can
    /// validate a cached copy without another `stat`.
    public internal(set) var fileStatus: FileStatus?
    /// For `modify`: the canonical path of the directory written into, as the router checked it
    /// lies inside the Pass rule's tree. The writer opens the directory and compares, then acts
    /// only through that open directory, so a component swapped for a symbolic link after the
    /// check cannot redirect the write.
    public internal(set) var checkedDirectory: String?
}
