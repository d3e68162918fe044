import HTTPWire
import Protection

/// What the decision knows of a request besides its route: enough to turn the route into an
/// answer, and to do so again after a password was hashed.
struct DecisionContext: Sendable {
    /// Origin request or proxy request (and which kind).
    enum Kind: Sendable {
        /// A document: the decoded URL path and the query.
        case origin(path: String, query: String?)
        /// An absolute-form request to forward: where, if the rules keep the URL.
        case forward(url: String, target: ProxyTarget)
        /// A CONNECT tunnel.
        case tunnel(url: String, target: ProxyTarget)
    }

    let kind: Kind
    let method: HTTPMethod
    let version: HTTPVersion
    /// The request-target exactly as received.
    let rawTarget: String
    /// The client the Gate judged.
    let client: ClientAddress
    /// Credentials were sent (Authorization, or Proxy-Authorization for the proxy).
    let hasCredentials: Bool
    /// For PUT: the announced body (`BodyFraming` facts), checked before the body is read.
    let contentLength: Int?
    let isChunked: Bool
    let hasContentRange: Bool
    /// Steps noted before the route (the client address, the TLS policy).
    let steps: [TraceStep]
    /// Credentials from this client on this listener would be refused (`RequireTLSForAuth`):
    /// a challenge must not invite them.
    var plainCredentialsRefused = false

    /// Whether this is a proxy request (407, Proxy-Authorization).
    var isProxy: Bool {
        switch kind {
        case .origin: false
        case .forward, .tunnel: true
        }
    }

    /// What `AddHeader` templates are matched against: the URL path, or the proxy's URL.
    var templateSubject: String {
        switch kind {
        case .origin(let path, _): path
        case .forward(let url, _), .tunnel(let url, _): url
        }
    }
}
