import HTTPWire
import Protection

/// Absolute-form requests and CONNECT (proxy mode, reference §6 and cern §9). Proxying is off
/// until the rule file enables it with `Pass http:*` (`Pass https:*` for CONNECT): otherwise the
/// rules refuse the URL with 403 and no outbound connection is ever made. Allowed requests are
/// handed to a `ProxyExchange` or `ProxyTunnel` with the client's socket.
struct ProxyResponder {
    /// The handler whose state, error pages and date the responder uses.
    let handler: RequestHandler

    /// Methods forwarded without an `Enable` (CERN's proxy passed GET, HEAD and POST by default;
    /// PUT and DELETE are refused by the handler unless enabled, and need a protection setup).
    static let forwardedMethods: Set<HTTPMethod> = [.get, .head, .post, .put, .delete]

    /// `GET http://host/path` and friends.
    func forward(_ head: RequestHead, target: AbsoluteTarget, client: ClientAddress) -> RequestHandler.Outcome {
        let rules = handler.state.snapshot.ruleFile
        guard ProxyResponder.forwardedMethods.contains(head.method) else {
            return .respond(handler.error(.notImplemented, head, detail: "The proxy does not forward \(head.method.rawValue) requests.",
                                          fields: [HTTPField(name: "Allow", value: "GET, HEAD, POST")]))
        }
        if head.method == .put || head.method == .delete, !rules.enabledMethods.contains(head.method.rawValue) {
            return .respond(handler.error(.methodNotAllowed, head, detail: "The method \(head.method.rawValue) is not enabled on this server.",
                                          fields: [HTTPField(name: "Allow", value: "GET, HEAD, POST")]))
        }
        // RFC 1945: an HTTP/0.9 request has no headers, so it can carry no Host or credentials.
        guard head.version != .http09 else {
            return .respond(handler.error(.badRequest, head, detail: "HTTP/0.9 requests are not proxied.", close: true))
        }
        let url: String
        do {
            url = try ProxyURL.canonical(target)
        } catch let failure {
            return .respond(handler.error(failure.status, head, detail: failure.reason, close: true))
        }
        guard target.effectivePort != 0 else {
            return .respond(handler.error(.badRequest, head, detail: "Port 0 cannot be connected to.", close: true))
        }
        return route(head, url: url, client: client) { result in
            if result == url { return .success(ProxyTarget(target)) }
            return ProxyTarget(translated: result).map { .success($0) } ?? .failure(.unsupportedTarget(result))
        }
    }

    /// `CONNECT host:port`: only to port 443 or a port listed by `ProxyConnectPorts`, and only
    /// when a `Pass https:*` rule enables it.
    func connect(_ head: RequestHead, client: ClientAddress) -> RequestHandler.Outcome {
        let rules = handler.state.snapshot.ruleFile
        guard case .authority(let host, let port)? = try? head.normalisedTarget() else {
            return .respond(handler.error(.badRequest, head, detail: "CONNECT needs a host:port target.", close: true))
        }
        guard port == ProxyLimits.defaultConnectPort || rules.proxyConnectPorts.contains(port) else {
            return .respond(handler.error(.forbidden, head, detail: "The proxy does not open tunnels to port \(port).", close: true))
        }
        let url = ProxyURL.canonical(connectHost: host, port: port)
        return route(head, url: url, client: client, kind: .tunnel) { result in
            if result == url { return .success(ProxyTarget(connectHost: host, port: port)) }
            return ProxyTarget(translatedConnect: result).map { .success($0) } ?? .failure(.unsupportedTarget(result))
        }
    }

    /// The rules and the Gate for `url` (credentials from `Proxy-Authorization` only, RFC 9110
    /// §11.7.2), then the hand-off, a 407 challenge, or a refusal.
    private func route(_ head: RequestHead, url: String, client: ClientAddress, kind: ProxyHandOff.Kind = .forward,
                       destination: (String) -> Result<ProxyTarget, ProxyFailure>) -> RequestHandler.Outcome {
        let authorizations = head.headers.indices(of: "Proxy-Authorization")
        guard authorizations.count <= 1 else {
            return .respond(handler.error(.badRequest, head, detail: "More than one Proxy-Authorization header.", close: true))
        }
        let credentials = authorizations.first.map { head.headers.value(at: $0) }
        let router = handler.router
        let decision = router.routeProxy(method: head.method.rawValue, url: url, client: client, credentials: credentials, tracing: false)
        let user = decision.authenticatedUser
        if let credentials, let throttle = handler.throttle,
           let refusal = handler.throttled(decision, credentials: credentials, client: client, head: head, throttle: throttle) {
            return .respond(refusal)
        }
        switch decision.outcome {
        case .needsVerification(let u, let p, let f):
            return .verify(user: u, password: p, file: f)
        case .proxy(let result):
            switch destination(result) {
            case .failure(let failure):
                return .respond(handler.error(failure.status, head, detail: failure.detail, user: user))
            case .success(let target):
                var limits = HTTPLimits()
                limits.maxBodyBytes = handler.state.snapshot.ruleFile.tuning.maxBodyBytes
                let request = ProxyRequest(head: head, target: target, url: result, user: user,
                                           policy: ProxyDestinationPolicy(allowed: handler.state.snapshot.ruleFile.proxyDestinations),
                                           limits: limits)
                return .handOff(ProxyHandOff(kind, request: request))
            }
        case .challenge(let realm):
            // RFC 9110 §15.5.8 / §11.7.1: a proxy asks with 407 and Proxy-Authenticate.
            return .respond(handler.error(.proxyAuthenticationRequired, head, detail: "The proxy requires valid credentials.",
                                          fields: [HTTPField(name: "Proxy-Authenticate", value: BasicChallenge.value(realm: realm))],
                                          user: user))
        case .forbidden(let reason):
            var plan = handler.error(.forbidden, head, detail: "Forbidden: \(reason).", user: user)
            switch reason {
            case .setupError, .brokenACL:
                let traced = router.routeProxy(method: head.method.rawValue, url: url, client: client, credentials: credentials)
                let why = traced.trace.last(where: { $0.verdict == .failed })?.detail ?? reason.description
                plan.errorNote = "\(head.method.rawValue) \(url): 403, \(why)"
            case .addressRefused, .noMaskNoACL, .noACLEntry, .methodNotAllowed, .byRule, .listingDenied, .protectionFile, .directoryTarget:
                break
            }
            return .respond(plan)
        case .notFound:
            return .respond(handler.error(.notFound, head, user: user))
        case .serveFile, .listDirectory, .modify, .redirect, .redirectToSlash:
            // `routeProxy` never yields these.
            return .respond(handler.error(.forbidden, head, user: user))
        }
    }
}
