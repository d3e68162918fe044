import HTTPWire
import Protection

/// The whole answer the server gives a request, as the decision works it out before any byte is
/// sent: what to do, the status it implies, the fields it carries, who was authenticated, the
/// Gate's trace. The server acts on it, `gatehouse explain` prints it; nothing else maps the
/// Gate's outcomes to statuses.
public struct RequestAnswer: Sendable {
    /// What the server does.
    public enum Action: Sendable {
        /// Serve this document: 200 (the file responder then answers conditionals and ranges).
        case serveFile(path: String, status: FileStatus?)
        /// List this directory (200).
        case listDirectory(path: String, urlPath: String)
        /// Receive the PUT body into this document: 201 when it is new, 204 when it replaces one.
        case upload(path: String, exists: Bool, directory: String?)
        /// Delete this document: 204.
        case delete(path: String, directory: String?)
        /// Forward the request to an origin (proxy mode).
        case forward(ProxyForward)
        /// Open a CONNECT tunnel (proxy mode).
        case tunnel(ProxyForward)
        /// Hash the password off the loop, then `RequestDecider.resume` with this.
        case verify(PendingAnswer)
        /// An answer of the server's own: the status and a sentence for its page (204 and
        /// redirects carry no detail; HEAD and 304 never get a body).
        case page(HTTPStatus, detail: String?)
    }

    /// What the server does.
    public let action: Action
    /// Fields this answer carries (`Allow`, `WWW-Authenticate`, `Location`, `Retry-After`, …).
    public var fields: [HTTPField]
    /// Fields every response to this request carries, whatever the responder then sends (304,
    /// 206, an upload's 201): `AddHeader` and the `Cache-Control` of protected answers.
    public var commonFields: [HTTPField]
    /// The authenticated user (the access log's authuser), even when then refused.
    public let user: String?
    /// The client address the decision used (a trusted proxy's client, else the peer).
    public let client: ClientAddress
    /// The connection must close after this answer (a malformed request, a smuggling shape).
    public var close: Bool
    /// The steps of translation and the procedure (only when tracing).
    public let trace: [TraceStep]
    /// The Gate's deciding step ("8", "11–12", "rules"), for the log; nil when the Gate never ran.
    public let decidingStep: String?
    /// A line for the error log (a broken setup or ACL file), without the client.
    public let errorNote: String?
    /// A protection setup applied: the answer depends on who asks, and must not be reused for
    /// anyone else.
    public let protected: Bool
    /// The decoded URL path of an origin request (what `Pass` translated).
    public var urlPath: String?

    /// Makes an answer.
    public init(action: Action, fields: [HTTPField] = [], commonFields: [HTTPField] = [], user: String? = nil,
                client: ClientAddress, close: Bool = false, trace: [TraceStep] = [], decidingStep: String? = nil,
                errorNote: String? = nil, protected: Bool = false) {
        self.action = action
        self.fields = fields
        self.commonFields = commonFields
        self.user = user
        self.client = client
        self.close = close
        self.trace = trace
        self.decidingStep = decidingStep
        self.errorNote = errorNote
        self.protected = protected
    }

    /// The status the server sends when the responder adds nothing of its own (no conditional
    /// or range request, the upload and the origin succeed).
    public var status: HTTPStatus {
        switch action {
        case .serveFile, .listDirectory, .forward, .tunnel: return .ok
        case .upload(_, let exists, _): return exists ? .noContent : .created
        case .delete: return .noContent
        case .verify: return .ok
        case .page(let status, _): return status
        }
    }
}

/// A request waiting for its password to be hashed: what to hash, and everything the decision
/// had worked out, so `RequestDecider.resume` finishes it without routing it again. A class, so
/// handing it along (the connection machine's actions) moves one reference.
public final class PendingAnswer: Sendable {
    /// The router's stop.
    public let route: RoutePending
    /// What the answer needs besides the route.
    let context: DecisionContext
    /// What the throttle reserved for the hash (the verifier gives it back when done).
    public let ticket: LoginAdmission.Ticket

    /// The client the decision judged (the throttle's key for the hash).
    public var client: ClientAddress { context.client }

    init(route: RoutePending, context: DecisionContext, ticket: LoginAdmission.Ticket) {
        self.route = route
        self.context = context
        self.ticket = ticket
    }

    /// The user name to check.
    public var user: String { route.user }
    /// The password bytes to hash (never logged).
    public var password: [UInt8] { route.password }
    /// The password file.
    public var file: PasswordFile { route.file }
}

/// An allowed proxy request: where it goes and under which rules.
public struct ProxyForward: Sendable {
    /// Where the request goes.
    public let target: ProxyTarget
    /// The URL the rules translated to (for logs).
    public let url: String
    /// Which addresses may be connected to once the name is resolved.
    public let policy: ProxyDestinationPolicy
}
