extension RequestRouter {
    /// Finishes a route that stopped for hashing, with the verifier's answer: the Gate goes on
    /// from steps 6–7, then the router's own checks for the target it had already resolved.
    /// nil when the stop was made under another configuration (a reload came in between): route
    /// the request again.
    public func resume(_ pending: RoutePending, check: PasswordCheck, tracing: Bool = true) -> RouteDecision? {
        guard pending.configuration === snapshot.ruleFile else { return nil }
        let request = pending.request
        let steps = tracing ? pending.steps : []
        switch pending.continuation {
        case .read(let target, let slashRedirect):
            let decision = gate(knowing: target.checked, exists: target.status != nil)
                .resume(pending.gate, request, check: check, tracing: tracing)
            return finishRead(decision, request: request, target: target, trace: steps, tracing: tracing, slashRedirect: slashRedirect)
        case .modify(let path, let status, let passLine):
            let decision = gate(knowing: path, exists: status != nil).resume(pending.gate, request, check: check, tracing: tracing)
            return finishModification(decision, request: request, status: status, passLine: passLine, trace: steps, tracing: tracing)
        case .proxy:
            let decision = Gate(snapshot: snapshot, files: files, verifier: verifier).resume(pending.gate, request, check: check, tracing: tracing)
            return finishProxy(decision, request: request, trace: steps)
        }
    }
}

extension RoutePending {
    /// The same stop, answered as the redirect to the slashed URL once allowed, with the outer
    /// route's steps in front.
    func redirectingToSlash(before trace: [TraceStep]) -> RoutePending {
        switch continuation {
        case .read(let target, _):
            return RoutePending(gate: gate, request: request, continuation: .read(target, slashRedirect: true), steps: trace + steps, configuration: configuration)
        case .modify, .proxy:
            return self
        }
    }
}
