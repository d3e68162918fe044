import HTTPWire
import Protection
import Transport

/// Turns one parsed request into a response plan: method and target checks, then the router (the
/// rule file, welcome files and the Gate), then the static responder. No socket I/O here; the
/// connection sends what this returns.
struct RequestHandler {
    /// What to do with a request.
    enum Outcome {
        /// Send this.
        case respond(ResponsePlan)
        /// Hash the password off the loop, then handle the request again.
        case verify(user: String, password: [UInt8], file: PasswordFile)
        /// Read the body into the sink (after `100 Continue` if the client asked), then answer
        /// what the sink's `finish` says.
        case receiveBody(RequestBodySink, framing: BodyFraming, user: String?)
        /// Hand the socket over (proxying).
        case handOff(ConnectionTakeover)
    }

    /// Methods always served.
    static let readMethods = "GET, HEAD"

    /// The `Allow` value: GET and HEAD, plus PUT and DELETE when the rule file enables them.
    var allowedMethods: String {
        let enabled = state.snapshot.ruleFile.enabledMethods
        return RequestHandler.readMethods + (enabled.contains("PUT") ? ", PUT" : "") + (enabled.contains("DELETE") ? ", DELETE" : "")
    }

    let state: ServedState
    let date: String
    /// The router to use: the loop's own (with its caches); by default the state's shared one.
    var router: RequestRouter<ACLCache, CachingVerifier, DiskFileSystem>
    /// Brute-force throttling (nil in tests that do not exercise it).
    var throttle: FailureThrottle? = nil
    /// Monotonic milliseconds, for the throttle's windows.
    var now: Int64 = 0
    /// The loop's small-file cache (nil: always open the file).
    var fileCache: SmallFileCache? = nil
    /// The `Server` header value, made once.
    static let serverName = "Gatehouse/\(GatehouseVersion.string)"
    var server: String { RequestHandler.serverName }

    /// A handler for one request under `state`, stamped with `date`.
    init(state: ServedState, date: String) {
        self.state = state
        self.date = date
        self.router = state.router
    }

    /// Handles a request from `client`.
    func handle(_ head: RequestHead, client: ClientAddress) -> Outcome {
        let method = head.method
        if method == .connect {
            return ProxyResponder(handler: self).connect(head, client: client)
        }
        // An absolute-form target is a proxy request, whatever the method (POST included).
        if head.targetBytes.first != UInt8(ascii: "/"), case .absolute(let absolute)? = try? head.normalisedTarget() {
            // A Host that names another authority than the absolute target is a smuggling shape
            // (RFC 9112 §3.2.2 says to ignore Host; refusing is safer for a gate).
            if let host = head.host, !RequestHandler.sameAuthority(host, absolute) {
                return .respond(error(.badRequest, head, detail: "The Host header does not match the request target.", close: true))
            }
            return ProxyResponder(handler: self).forward(head, target: absolute, client: client)
        }
        if method == .put || method == .delete {
            // CERN's Enable/Disable: PUT and DELETE are off until the rule file enables them.
            guard state.snapshot.ruleFile.enabledMethods.contains(method.rawValue) else {
                return .respond(error(.methodNotAllowed, head, detail: "The method \(method.rawValue) is not enabled on this server.",
                                      fields: [HTTPField(name: "Allow", value: allowedMethods)]))
            }
        } else if method != .get && method != .head {
            // RFC 9110 §15.6.2: 501 for a method the server does not implement; Allow says what works.
            return .respond(error(.notImplemented, head, detail: "The method \(method.rawValue) is not supported.",
                                  fields: [HTTPField(name: "Allow", value: allowedMethods)]))
        }
        let target: RequestTarget
        do {
            target = try head.normalisedTarget()
        } catch let failure {
            return .respond(error(failure.status, head, detail: failure.reason, close: true))
        }
        let path: NormalisedPath
        let query: String?
        switch target {
        case .origin(let p, let q):
            path = p
            query = q
        case .absolute(let absolute):
            // Handled above; kept so the switch stays exhaustive.
            return ProxyResponder(handler: self).forward(head, target: absolute, client: client)
        case .authority, .asterisk:
            return .respond(error(.badRequest, head, detail: "This request-target form is not allowed here.", close: true))
        }
        let authorizations = head.headers.indices(of: "Authorization")
        guard authorizations.count <= 1 else {
            return .respond(error(.badRequest, head, detail: "More than one Authorization header.", close: true))
        }
        let credentials = authorizations.first.map { head.headers.value(at: $0) }

        let decision = router.route(method: method.rawValue, path: path.path, query: query, client: client,
                                          credentials: credentials, tracing: false)
        let user = decision.authenticatedUser
        if let credentials, let throttle, let refusal = throttled(decision, credentials: credentials, client: client, head: head, throttle: throttle) {
            return .respond(refusal)
        }
        switch decision.outcome {
        case .needsVerification(let u, let p, let f):
            return .verify(user: u, password: p, file: f)
        case .proxy:
            // `route` never yields a proxy outcome; `routeProxy` does (ProxyResponder).
            return .respond(error(.forbidden, head, user: user))
        case .modify(let file, let exists):
            let publisher = PublishingResponder(handler: self)
            let directory = decision.checkedDirectory
            return method == .put ? publisher.put(file, exists: exists, checkedDirectory: directory, head: head, user: user)
                                  : .respond(publisher.delete(file, checkedDirectory: directory, head: head, user: user))
        case .serveFile(let file):
            return .respond(StaticFileResponder(handler: self).respond(file: file, known: decision.fileStatus, head: head, user: user))
        case .listDirectory(let dir):
            guard let page = DirectoryListing.page(directory: dir, urlPath: path.path) else {
                return .respond(error(.notFound, head, user: user))
            }
            var plan = ok(head, contentType: ErrorPage.contentType, body: page, user: user)
            plan.head.fields.append(HTTPField(name: "Cache-Control", value: "no-cache"))
            return .respond(plan)
        case .redirectToSlash:
            let raw = head.target
            let location: String
            if let q = raw.firstIndex(of: "?") {
                location = raw[..<q] + "/" + raw[q...]
            } else {
                location = raw + "/"
            }
            return .respond(redirect(.movedPermanently, to: location, head, user: user))
        case .redirect(let url, let permanent):
            return .respond(redirect(permanent ? .movedPermanently : .found, to: url, head, user: user))
        case .challenge(let realm):
            var plan = error(.unauthorized, head, detail: "This document is protected. Valid credentials are required.",
                             fields: [HTTPField(name: "WWW-Authenticate", value: BasicChallenge.value(realm: realm))], user: user)
            // RFC 1945: an HTTP/0.9 client gets no headers, so it can never authenticate.
            if head.version == .http09 { plan.close = true }
            return .respond(plan)
        case .forbidden(let reason):
            var plan = error(.forbidden, head, detail: "Forbidden: \(reason).", user: user)
            switch reason {
            case .brokenACL, .setupError:
                // The administrator must hear about this: route again with the trace on to say why.
                let traced = router.route(method: method.rawValue, path: path.path, query: query, client: client, credentials: credentials)
                let why = traced.trace.last(where: { $0.verdict == .failed })?.detail ?? reason.description
                plan.errorNote = "\(method.rawValue) \(path.path): 403, \(why)"
            case .addressRefused, .noMaskNoACL, .noACLEntry, .methodNotAllowed, .byRule, .listingDenied, .protectionFile, .directoryTarget:
                break
            }
            return .respond(plan)
        case .notFound:
            return .respond(error(.notFound, head, detail: "The requested document does not exist.", user: user))
        }
    }

    /// Brute force: credentials about to be hashed, or just refused, from an address (or for a
    /// user) with too many recent failures get 429 and `Retry-After`, without hashing. Verified
    /// credentials (cached) never reach this point, so successful logins are never slowed.
    func throttled(_ decision: RouteDecision, credentials: String, client: ClientAddress, head: RequestHead,
                           throttle: FailureThrottle) -> ResponsePlan? {
        let pending: Bool
        if case .needsVerification = decision.outcome { pending = true } else { pending = false }
        guard pending || decision.credentialsRejected else { return nil }
        let tuning = state.snapshot.ruleFile.tuning
        let window = Int64(tuning.authFailureWindowSeconds) * 1000
        let user = try? BasicCredentials.parse(credentials).get().user
        if let wait = throttle.retryAfter(address: client, user: user, now: now, limit: tuning.authFailureLimit, window: window) {
            return error(.tooManyRequests, head, detail: "Too many failed logins. Try again in \(wait) seconds.",
                         fields: [HTTPField(name: "Retry-After", value: String(wait))])
        }
        if decision.credentialsRejected {
            throttle.recordFailure(address: client, user: user, now: now, window: window)
        }
        return nil
    }

    /// Whether a Host value names the absolute target's authority (host case-insensitively;
    /// port 80 may be left out).
    static func sameAuthority(_ host: String, _ target: AbsoluteTarget) -> Bool {
        var name = Substring(host)
        var port = 80
        if let colon = name.lastIndex(of: ":"), !name.hasSuffix("]") {
            guard let p = Int(name[name.index(after: colon)...]) else { return false }
            port = p
            name = name[..<colon]
        }
        return name.lowercased() == target.host.lowercased() && port == target.effectivePort
    }

    /// A complete response head for `status`.
    func makeHead(_ status: HTTPStatus, _ head: RequestHead, close: Bool) -> ResponseHead {
        var h = ResponseHead(status: status, version: head.version == .http11 ? .http11 : (head.version == .http09 ? .http09 : .http10),
                             date: date, server: server)
        if close || !head.keepAlive {
            if head.version == .http11 { h.connection = .close }
        } else if head.version == .http10 {
            h.connection = .keepAlive
        }
        return h
    }

    /// 200 with an in-memory body.
    func ok(_ head: RequestHead, contentType: String, body: [UInt8], user: String?) -> ResponsePlan {
        var h = makeHead(.ok, head, close: false)
        h.contentType = contentType
        h.contentLength = body.count
        return ResponsePlan(head: h, body: head.method == .head ? .none : .bytes(body), close: !head.keepAlive, user: user)
    }

    /// An error response with the short HTML page.
    func error(_ status: HTTPStatus, _ head: RequestHead, detail: String? = nil, fields: [HTTPField] = [],
               close: Bool = false, user: String? = nil) -> ResponsePlan {
        let body = ErrorPage.body(status, detail: detail)
        var h = makeHead(status, head, close: close)
        h.contentType = ErrorPage.contentType
        h.contentLength = body.count
        h.fields = fields
        return ResponsePlan(head: h, body: head.method == .head ? .none : .bytes(body), close: close || !head.keepAlive, user: user)
    }

    /// A redirect with `Location`.
    func redirect(_ status: HTTPStatus, to location: String, _ head: RequestHead, user: String?) -> ResponsePlan {
        error(status, head, detail: "The document has moved to \(location).", fields: [HTTPField(name: "Location", value: location)], user: user)
    }
}
