import HTTPWire
import Protection
import RequestPolicy
import Transport

/// What `explain` prints after the trace: the status the server sends and a line saying what it
/// does. A proxy destination given by name is resolved here as the server would, so a name that
/// points at a refused address explains as the 403 the server sends.
enum ExplainOutcome {
    /// The status and the lines describing the action.
    static func describe(_ answer: RequestAnswer) -> (HTTPStatus, [String]) {
        switch answer.action {
        case .serveFile(let path, _):
            return (answer.status, ["→ serves the file \(path)"])
        case .listDirectory(let path, _):
            return (answer.status, ["→ lists the directory \(path)"])
        case .upload(let path, let exists, _):
            return (answer.status, ["→ \(exists ? "replaces" : "creates") \(path) with the request body"])
        case .delete(let path, _):
            return (answer.status, ["→ deletes \(path)"])
        case .forward(let forward), .tunnel(let forward):
            let target = forward.target
            if let refused = refusedAddress(forward) {
                return (.forbidden, [ProxyDestinationPolicy.refusalDetail(refused)])
            }
            let verb: String
            if case .tunnel = answer.action { verb = "opens a tunnel to" } else { verb = "forwards to" }
            return (answer.status, ["→ \(verb) \(target.host):\(target.port) (\(forward.url))"])
        case .verify:
            return (.internalServerError, ["the password could not be checked"])
        case .page(let status, let detail):
            return (status, detail.map { [$0] } ?? [])
        }
    }

    /// The first resolved address of a named destination that the proxy may not connect to.
    private static func refusedAddress(_ forward: ProxyForward) -> ClientAddress? {
        let host = forward.target.resolvableHost
        guard ClientAddress(parsing: host) == nil,
              let addresses = try? NameResolver.resolve(host: host, port: UInt16(clamping: forward.target.port)) else { return nil }
        return forward.policy.firstRefused(addresses.map { ClientAddress(bytes: $0.addressBytes) }, host: host)
    }
}
