extension RequestRouter {
    /// Routes a proxy request (reference §6, proxy mode): the rule file translates the absolute
    /// URL (`http://host:port/path`, or `https://host:port` for CONNECT); only a `Pass` whose
    /// result is a URL (`Pass http:*`) enables proxying; `Protect http:* SETUP` protects it with
    /// the same Gate, reading `Proxy-Authorization` and never consulting `.www_acl` files.
    public func routeProxy(method: String, url: String, client: ClientAddress, credentials: String?,
                           tracing: Bool = true) -> RouteDecision {
        let translation = Translator.translate(url, rules: snapshot.ruleFile, tracing: tracing)
        var trace = translation.steps.map { TraceStep("rules", .info, $0) }
        guard case .file(let target, _) = translation.outcome, Translator.isProxyURL(target) else {
            if tracing { trace.append(TraceStep("rules", .failed, "no 'Pass http:*' rule enables proxying \(url)")) }
            return RouteDecision(outcome: .forbidden(.byRule), user: nil, trace: trace)
        }
        let request = GateRequest(method: method, checkedPath: target, client: client, credentials: credentials,
                                  mode: .proxy, translation: translation)
        let decision = Gate(snapshot: snapshot, files: files, verifier: verifier).decide(request, tracing: tracing)
        return finishProxy(decision, request: request, trace: trace)
    }

    /// After the Gate ran on a proxy request.
    func finishProxy(_ decision: Decision, request: GateRequest, trace: [TraceStep]) -> RouteDecision {
        let outcome: RouteDecision.Outcome
        switch decision.outcome {
        case .allow: outcome = .proxy(url: request.checkedPath)
        case .challenge(let realm): outcome = .challenge(realm: realm)
        case .forbidden(let reason): outcome = .forbidden(reason)
        case .notFound: outcome = .notFound
        case .needsVerification(let u, let p, let f): outcome = .needsVerification(user: u, password: p, file: f)
        }
        var result = RouteDecision(outcome: outcome, user: decision.authenticatedUser, trace: trace + decision.trace, gate: decision)
        result.pending = decision.pending.map {
            RoutePending(gate: $0, request: request, continuation: .proxy(url: request.checkedPath), steps: trace,
                         configuration: snapshot.ruleFile)
        }
        return result
    }
}
