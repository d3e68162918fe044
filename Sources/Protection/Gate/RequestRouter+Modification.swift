extension RequestRouter {
    /// PUT, DELETE and other methods act on the translated path as is (no welcome files,
    /// reference cern §6.1); a PUT may create the file, so the Gate does not ask whether it exists.
    func routeModification(method: String, fsPath: String, passLine: Int, client: ClientAddress, credentials: String?,
                           mode: GateRequest.Mode, translation: Translation, tracing: Bool, trace: [TraceStep]) -> RouteDecision {
        var trace = trace
        let status = fileSystem.status(fsPath)
        if fsPath.hasSuffix("/") || status?.kind == .directory {
            if tracing { trace.append(TraceStep("rules", .failed, "\(fsPath) is a directory: \(method) acts on documents only")) }
            return RouteDecision(outcome: .forbidden(.directoryTarget), user: nil, trace: trace)
        }
        let request = GateRequest(method: method, checkedPath: fsPath, client: client, credentials: credentials,
                                  mode: mode, translation: translation)
        let decision = gate(knowing: fsPath, exists: status != nil).decide(request, tracing: tracing)
        return finishModification(decision, request: request, status: status, passLine: passLine, trace: trace, tracing: tracing)
    }

    /// After the Gate ran on a PUT or DELETE: the directory written into, and the file itself
    /// when it exists, must lie inside the Pass rule's tree once symlinks are resolved.
    func finishModification(_ decision: Decision, request: GateRequest, status: FileStatus?, passLine: Int,
                            trace: [TraceStep], tracing: Bool) -> RouteDecision {
        var trace = trace + decision.trace
        let fsPath = request.checkedPath
        let user = decision.authenticatedUser
        switch decision.outcome {
        case .challenge(let realm): return RouteDecision(outcome: .challenge(realm: realm), user: user, trace: trace, gate: decision)
        case .forbidden(let reason): return RouteDecision(outcome: .forbidden(reason), user: user, trace: trace, gate: decision)
        case .notFound: return RouteDecision(outcome: .notFound, user: user, trace: trace, gate: decision)
        case .needsVerification(let u, let p, let f):
            var result = RouteDecision(outcome: .needsVerification(user: u, password: p, file: f), user: user, trace: trace, gate: decision)
            result.pending = decision.pending.map {
                RoutePending(gate: $0, request: request, continuation: .modify(path: fsPath, status: status, passLine: passLine),
                             steps: Array(trace.dropLast(decision.trace.count)), configuration: snapshot.ruleFile)
            }
            return result
        case .allow:
            break
        }
        let realRoot = realRoot(forPassLine: passLine)
        let realDirectory = fileSystem.realPath(PathResolution.directory(of: fsPath)) ?? ""
        let realTarget = status == nil ? realDirectory : (fileSystem.realPath(fsPath) ?? "")
        guard isInside(realDirectory, root: realRoot), isInside(realTarget, root: realRoot), !protectedFiles.contains(realTarget) else {
            if tracing { trace.append(TraceStep("13–14", .failed, "\(fsPath) resolves outside the tree the Pass rule serves")) }
            return RouteDecision(outcome: status == nil ? .notFound : .forbidden(.protectionFile), user: user, trace: trace, gate: decision)
        }
        var result = RouteDecision(outcome: .modify(path: fsPath, exists: status != nil), user: user, trace: trace, gate: decision)
        result.checkedDirectory = realDirectory
        return result
    }
}
