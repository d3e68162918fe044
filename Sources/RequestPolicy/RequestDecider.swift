import HTTPWire
import Protection

/// The one request decision: given a parsed request head, the peer's address, the listener it
/// came through and the configuration in force, it works out the whole answer — the method
/// policy, target and header checks, the HTTPS policy, trusted proxies, the rule file's
/// translation and the Gate — and says what to serve, forward or refuse, with which status and
/// fields. `gatehouse serve` and `gatehouse explain` both call it, so they cannot disagree.
///
/// No I/O of its own: files are reached through the router's `ProtectionFileSystem` and
/// `GateFileAccess`, passwords through its `PasswordVerifier`.
public struct RequestDecider<Files: GateFileAccess, Verifier: PasswordVerifier, FS: ProtectionFileSystem>: Sendable {
    /// Translation, welcome files and the Gate over the configuration in force.
    public let router: RequestRouter<Files, Verifier, FS>
    /// The request policy of that configuration.
    public let settings: DecisionSettings

    /// A decider over `router` with `settings`.
    public init(router: RequestRouter<Files, Verifier, FS>, settings: DecisionSettings) {
        self.router = router
        self.settings = settings
    }

    /// Decides a request from `peer` that arrived through a `listener`. With `tracing`, every
    /// step is described (for `explain`); the server leaves it off.
    public func decide<Throttle: LoginThrottle>(_ head: RequestHead, peer: ClientAddress, listener: ListenerKind,
                                               throttle: Throttle, tracing: Bool = false) -> RequestAnswer {
        var steps: [TraceStep] = []
        let client = resolveClient(head, peer: peer, tracing: tracing, steps: &steps)
        if head.method == .connect {
            return tunnel(head, client: client, listener: listener, throttle: throttle, steps: steps, tracing: tracing)
        }
        // An absolute-form target is a proxy request, whatever the method (POST included).
        if head.targetBytes.first != UInt8(ascii: "/"), head.targetBytes.first != UInt8(ascii: "*"),
           case .absolute(let absolute)? = try? head.normalisedTarget() {
            return forward(head, target: absolute, client: client, listener: listener, throttle: throttle, steps: steps, tracing: tracing)
        }
        return origin(head, client: client, listener: listener, throttle: throttle, steps: steps, tracing: tracing)
    }

    /// Finishes a request that waited for its password to be hashed, with the verifier's answer;
    /// nil when the configuration changed meanwhile (decide the request again).
    public func resume<Throttle: LoginThrottle>(_ pending: PendingAnswer, check: PasswordCheck, throttle: Throttle,
                                               tracing: Bool = false) -> RequestAnswer? {
        guard let route = router.resume(pending.route, check: check, tracing: tracing) else { return nil }
        return answer(route, pending.context, throttle: throttle, resumed: true, tracing: tracing)
    }

    // MARK: - Origin requests

    private func origin<Throttle: LoginThrottle>(_ head: RequestHead, client: ClientAddress, listener: ListenerKind, throttle: Throttle,
                                                 steps: [TraceStep], tracing: Bool) -> RequestAnswer {
        var steps = steps
        // AddHeader applies to every answer under its template, refusals included (a target that
        // does not parse matches no template).
        let target = Result { () throws(HTTPParseError) in try head.normalisedTarget() }
        let subject = (try? target.get()).flatMap(\.originPath)
        let common = subject.map { headerFields(for: $0, protected: false) } ?? []
        func refuse(_ status: HTTPStatus, _ detail: String, fields: [HTTPField] = [], close: Bool = false) -> RequestAnswer {
            if tracing { steps.append(TraceStep("request", .failed, detail)) }
            return RequestAnswer(action: .page(status, detail: detail), fields: fields, commonFields: common, client: client, close: close,
                                 trace: steps)
        }
        // RedirectToTLS: before the Gate, so no password is ever checked over plain HTTP.
        if listener == .plain && settings.redirectToTLS {
            let location = httpsLocation(head)
            if tracing { steps.append(TraceStep("request", .info, "RedirectToTLS: plain HTTP is answered with a redirect to \(location)")) }
            return RequestAnswer(action: .page(.permanentRedirect, detail: "The document is at \(location)."),
                                 fields: [HTTPField(name: "Location", value: location)], commonFields: common, client: client, trace: steps)
        }
        let method = head.method
        let allow = [HTTPField(name: "Allow", value: settings.allowedMethods)]
        if method == .put || method == .delete {
            // CERN's Enable/Disable: PUT and DELETE are off until the rule file enables them.
            guard settings.enabledMethods.contains(method.rawValue) else {
                return refuse(.methodNotAllowed, "The method \(method.rawValue) is not enabled on this server.", fields: allow)
            }
        } else if method == .options {
            // RFC 9110 §9.3.7: what the server answers; no document is read, so the Gate does not
            // run (a CORS preflight carries no credentials) and nothing about existence leaks.
            if tracing { steps.append(TraceStep("request", .info, "OPTIONS is answered with Allow: \(settings.allowedMethods)")) }
            return RequestAnswer(action: .page(.noContent, detail: nil), fields: allow,
                                 commonFields: subject == nil ? headerFields(for: "*", protected: false) : common, client: client, trace: steps)
        } else if method != .get && method != .head {
            // RFC 9110 §15.6.2: 501 for a method the server does not implement; Allow says what works.
            return refuse(.notImplemented, "The method \(method.rawValue) is not supported.", fields: allow)
        }
        let path: NormalisedPath
        let query: String?
        do {
            switch try target.get() {
            case .origin(let p, let q):
                path = p
                query = q
            case .absolute, .authority, .asterisk:
                return refuse(.badRequest, "This request-target form is not allowed here.", close: true)
            }
        } catch {
            return refuse(error.status, error.reason, close: true)
        }
        let credentials: String?
        switch singleCredentials(head, field: "Authorization") {
        case .failure(let refusal): return refuse(.badRequest, refusal.sentence, close: true)
        case .success(let value): credentials = value
        }
        if let credentials, var refusal = plainCredentialsRefusal(credentials, listener: listener, client: client, tracing: tracing, steps: &steps) {
            refusal.commonFields = common
            return refusal
        }
        var context = DecisionContext(kind: .origin(path: path.path, query: query), method: method, version: head.version,
                                      rawTarget: head.target, client: client, hasCredentials: credentials != nil,
                                      contentLength: head.contentLength, isChunked: head.isChunked,
                                      hasContentRange: head.headers.contains("Content-Range"), steps: steps)
        context.plainCredentialsRefused = refusesPlainCredentials(listener: listener, client: client)
        let route = router.route(method: method.rawValue, path: path.path, query: query, client: client,
                                 credentials: credentials, tracing: tracing)
        return answer(route, context, throttle: throttle, resumed: false, tracing: tracing)
    }

    /// The one `Authorization` (or `Proxy-Authorization`) value; more than one is refused.
    func singleCredentials(_ head: RequestHead, field: String) -> Result<String?, CredentialsRefusal> {
        let found = head.headers.indices(of: field)
        guard found.count <= 1 else { return .failure(CredentialsRefusal("More than one \(field) header.")) }
        return .success(found.first.map { head.headers.value(at: $0) })
    }

    /// `RequireTLSForAuth`: credentials over plain HTTP from outside `PlainAuthFrom` are refused
    /// before they are decoded, hashed or logged.
    func plainCredentialsRefusal(_ credentials: String, listener: ListenerKind, client: ClientAddress, tracing: Bool,
                                 steps: inout [TraceStep]) -> RequestAnswer? {
        guard listener == .plain, settings.requireTLSForAuth else { return nil }
        if !refusesPlainCredentials(listener: listener, client: client) {
            if tracing { steps.append(TraceStep("request", .info, "credentials over plain HTTP are accepted from \(client) (PlainAuthFrom)")) }
            return nil
        }
        let detail = "Credentials are not accepted over plain HTTP; use HTTPS."
        if tracing { steps.append(TraceStep("request", .failed, "RequireTLSForAuth: \(client) sent credentials over plain HTTP and is not in PlainAuthFrom")) }
        return RequestAnswer(action: .page(.forbidden, detail: detail), client: client, trace: steps, decidingStep: "request")
    }

    /// Whether `RequireTLSForAuth` refuses credentials from `client` on `listener` (plain HTTP,
    /// outside `PlainAuthFrom`).
    func refusesPlainCredentials(listener: ListenerKind, client: ClientAddress) -> Bool {
        listener == .plain && settings.requireTLSForAuth && !settings.plainAuthFrom.contains(where: { $0.matches(client) })
    }

    /// `https://<Host without port>[:port]<target>` for `RedirectToTLS` (the query is kept: the
    /// target is sent as received).
    func httpsLocation(_ head: RequestHead) -> String {
        var host = head.host ?? settings.hostName
        if host.hasPrefix("[") {
            if let close = host.firstIndex(of: "]") { host = String(host[...close]) }
        } else if let colon = host.lastIndex(of: ":") {
            host = String(host[..<colon])
        }
        if host.isEmpty { host = settings.hostName }
        return "https://" + host + (settings.tlsPort.map { ":" + String($0) } ?? "") + head.target
    }
}

/// Why credentials headers cannot be used (the 400 page's sentence).
struct CredentialsRefusal: Error {
    let sentence: String
    init(_ sentence: String) { self.sentence = sentence }
}

extension RequestTarget {
    /// The decoded path of an origin-form target.
    var originPath: String? {
        if case .origin(let path, _) = self { return path.path }
        return nil
    }
}
