/// A request the router stopped for password hashing: the Gate's pending state and everything the
/// router had already worked out (translation, the file it checked and what `lstat` said), so
/// `RequestRouter.resume` finishes the request without translating, `stat`ing or reading the ACL
/// file again.
public struct RoutePending: Sendable {
    /// What the router does once the Gate allows the request.
    enum Continuation: Sendable {
        /// A GET or HEAD of `target`; `slashRedirect` when the URL named a directory without `/`.
        case read(ReadTarget, slashRedirect: Bool)
        /// A PUT or DELETE of `path`, which `status` says exists (or not), under Pass line `passLine`.
        case modify(path: String, status: FileStatus?, passLine: Int)
        /// A proxy request to `url`.
        case proxy(url: String)
    }

    /// The Gate's stop.
    public let gate: GatePending
    /// The request as the Gate saw it.
    let request: GateRequest
    /// The rest of the route.
    let continuation: Continuation
    /// The router's steps before the Gate ran.
    let steps: [TraceStep]
    /// The configuration it was routed under (a reload makes it stale). Held, not named by its
    /// address: a freed configuration's address can be reused by a later one, which must never
    /// resume a request routed under the first.
    let configuration: RuleFile

    /// The user name the credentials carry.
    public var user: String { gate.user }
    /// The password bytes to hash (never logged).
    public var password: [UInt8] { gate.password }
    /// The password file to check them against.
    public var file: PasswordFile { gate.file }
}

/// The document a read resolved to, as the router found it before the Gate ran.
struct ReadTarget: Sendable {
    /// The path the Gate checks (the welcome file, or the directory with a trailing `/`).
    let checked: String
    /// Whether it is a document or a directory to list.
    let isListing: Bool
    /// Its symlink-free path, when already known.
    let realPath: String?
    /// What `lstat` said of it.
    let status: FileStatus?
    /// The Pass rule that translated the URL.
    let passLine: Int
}
