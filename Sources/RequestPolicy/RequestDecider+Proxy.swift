import HTTPWire
import Protection

extension RequestDecider {
    /// Methods the proxy forwards (CERN's proxy passed GET, HEAD and POST; PUT and DELETE need
    /// `Enable` and a protection setup).
    static var forwardedMethods: Set<HTTPMethod> { [.get, .head, .post, .put, .delete] }

    /// `GET http://host/path` and friends (proxy mode, reference §6 and cern §9).
    func forward<Throttle: LoginThrottle>(_ head: RequestHead, target: AbsoluteTarget, client: ClientAddress, listener: ListenerKind,
                                          throttle: Throttle, steps: [TraceStep], tracing: Bool) -> RequestAnswer {
        var steps = steps
        func refuse(_ status: HTTPStatus, _ detail: String, fields: [HTTPField] = [], close: Bool = false) -> RequestAnswer {
            if tracing { steps.append(TraceStep("request", .failed, detail)) }
            return RequestAnswer(action: .page(status, detail: detail), fields: fields, client: client, close: close, trace: steps)
        }
        // A Host that names another authority than the absolute target is a smuggling shape
        // (RFC 9112 §3.2.2 says to ignore Host; refusing is safer for a gate).
        if let host = head.host, !Self.sameAuthority(host, target) {
            return refuse(.badRequest, "The Host header does not match the request target.", close: true)
        }
        let allow = [HTTPField(name: "Allow", value: "GET, HEAD, POST")]
        guard Self.forwardedMethods.contains(head.method) else {
            return refuse(.notImplemented, "The proxy does not forward \(head.method.rawValue) requests.", fields: allow)
        }
        if head.method == .put || head.method == .delete, !settings.enabledMethods.contains(head.method.rawValue) {
            return refuse(.methodNotAllowed, "The method \(head.method.rawValue) is not enabled on this server.", fields: allow)
        }
        // RFC 1945: an HTTP/0.9 request has no headers, so it can carry no Host or credentials.
        guard head.version != .http09 else { return refuse(.badRequest, "HTTP/0.9 requests are not proxied.", close: true) }
        let url: String
        do {
            url = try ProxyURL.canonical(target)
        } catch {
            return refuse(error.status, error.reason, close: true)
        }
        guard target.effectivePort != 0 else { return refuse(.badRequest, "Port 0 cannot be connected to.", close: true) }
        return proxied(head, url: url, target: ProxyTarget(target), tunnel: false, client: client, listener: listener,
                       throttle: throttle, steps: steps, tracing: tracing)
    }

    /// `CONNECT host:port`: only to port 443 or a port listed by `ProxyConnectPorts`, and only
    /// when a `Pass https:*` rule enables it.
    func tunnel<Throttle: LoginThrottle>(_ head: RequestHead, client: ClientAddress, listener: ListenerKind, throttle: Throttle,
                                         steps: [TraceStep], tracing: Bool) -> RequestAnswer {
        var steps = steps
        func refuse(_ status: HTTPStatus, _ detail: String) -> RequestAnswer {
            if tracing { steps.append(TraceStep("request", .failed, detail)) }
            return RequestAnswer(action: .page(status, detail: detail), client: client, close: true, trace: steps)
        }
        guard case .authority(let host, let port)? = try? head.normalisedTarget() else {
            return refuse(.badRequest, "CONNECT needs a host:port target.")
        }
        guard port == DecisionSettings.defaultConnectPort || settings.proxyConnectPorts.contains(port) else {
            return refuse(.forbidden, "The proxy does not open tunnels to port \(port).")
        }
        let url = ProxyURL.canonical(connectHost: host, port: port)
        return proxied(head, url: url, target: ProxyTarget(connectHost: host, port: port), tunnel: true, client: client,
                       listener: listener, throttle: throttle, steps: steps, tracing: tracing)
    }

    /// The rules and the Gate for `url` (credentials from `Proxy-Authorization` only, RFC 9110
    /// §11.7.2).
    private func proxied<Throttle: LoginThrottle>(_ head: RequestHead, url: String, target: ProxyTarget, tunnel: Bool, client: ClientAddress,
                                                  listener: ListenerKind, throttle: Throttle, steps: [TraceStep], tracing: Bool) -> RequestAnswer {
        var steps = steps
        let credentials: String?
        switch singleCredentials(head, field: "Proxy-Authorization") {
        case .failure(let refusal):
            if tracing { steps.append(TraceStep("request", .failed, refusal.sentence)) }
            return RequestAnswer(action: .page(.badRequest, detail: refusal.sentence), client: client, close: true, trace: steps)
        case .success(let value):
            credentials = value
        }
        if let credentials, let refusal = plainCredentialsRefusal(credentials, listener: listener, client: client, tracing: tracing, steps: &steps) {
            return refusal
        }
        let kind: DecisionContext.Kind = tunnel ? .tunnel(url: url, target: target) : .forward(url: url, target: target)
        var context = DecisionContext(kind: kind, method: head.method, version: head.version, rawTarget: head.target, client: client,
                                      hasCredentials: credentials != nil, contentLength: head.contentLength, isChunked: head.isChunked,
                                      hasContentRange: false, steps: steps)
        context.plainCredentialsRefused = refusesPlainCredentials(listener: listener, client: client)
        let route = router.routeProxy(method: head.method.rawValue, url: url, client: client, credentials: credentials, tracing: tracing)
        return answer(route, context, throttle: throttle, resumed: false, tracing: tracing)
    }

    /// Where an allowed proxy request goes: the request's own target when the rules kept the URL,
    /// else the URL a `Pass http://a/* http://b/*` rule produced; a numeric destination outside
    /// `ProxyDestinations` is refused at once (a name is checked once resolved).
    func proxyAction(_ result: String, context: DecisionContext) -> Result<RequestAnswer.Action, ProxyRefusal> {
        let forward: ProxyForward
        switch context.kind {
        case .origin:
            return .failure(ProxyRefusal(status: .forbidden, detail: "Forbidden: \(ForbiddenReason.byRule)."))
        case .forward(let url, let target):
            guard let destination = result == url ? target : ProxyTarget(translated: result) else {
                return .failure(ProxyRefusal(status: .badGateway, detail: "The proxy cannot fetch \(result)."))
            }
            forward = ProxyForward(target: destination, url: result, policy: settings.proxyDestinations)
        case .tunnel(let url, let target):
            guard let destination = result == url ? target : ProxyTarget(translatedConnect: result) else {
                return .failure(ProxyRefusal(status: .badGateway, detail: "The proxy cannot fetch \(result)."))
            }
            forward = ProxyForward(target: destination, url: result, policy: settings.proxyDestinations)
        }
        if let numeric = ClientAddress(parsing: forward.target.resolvableHost),
           !forward.policy.allows(numeric, host: forward.target.resolvableHost) {
            return .failure(ProxyRefusal(status: .forbidden, detail: ProxyDestinationPolicy.refusalDetail(numeric)))
        }
        switch context.kind {
        case .tunnel: return .success(.tunnel(forward))
        case .origin, .forward: return .success(.forward(forward))
        }
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
}

/// A proxy request the decision refuses after the Gate allowed it: the status and its sentence.
struct ProxyRefusal: Error {
    let status: HTTPStatus
    let detail: String
}
