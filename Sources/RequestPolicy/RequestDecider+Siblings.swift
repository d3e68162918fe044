import HTTPWire
import Protection

extension RequestDecider {
    /// Whether the precompressed sibling (`suffix`: `.br`, `.gz`) of the document `answer` serves
    /// may be sent in its place: the sibling's own URL must be served, as that very file, to the
    /// same client with the same credentials. So a sibling never widens access — a `.gz` that its
    /// own rules protect (or refuse) is never sent under the document's rules.
    public func allowsSibling(of answer: RequestAnswer, suffix: String, head: RequestHead) -> Bool {
        guard case .serveFile(let file, _) = answer.action, let urlPath = answer.urlPath else { return false }
        let base = urlPath.hasSuffix("/") ? urlPath + PathResolution.lastComponent(of: file) : urlPath
        let credentials = head.headers.indices(of: "Authorization").first.map { head.headers.value(at: $0) }
        let route = router.route(method: head.method.rawValue, path: base + suffix, client: answer.client, credentials: credentials, tracing: false)
        if case .serveFile(let sibling) = route.outcome { return sibling == file + suffix }
        return false
    }
}
