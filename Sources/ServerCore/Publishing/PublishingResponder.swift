import HTTPWire

/// PUT and DELETE of documents the Gate allowed (publishing). Placeholder until publishing lands:
/// answers 501.
struct PublishingResponder {
    let handler: RequestHandler

    /// A PUT of `path` (`exists`: whether the document is there now).
    func put(_ path: String, exists: Bool, head: RequestHead, user: String?) -> RequestHandler.Outcome {
        .respond(handler.error(.notImplemented, head, detail: "Publishing is not available yet.", user: user))
    }

    /// A DELETE of `path`.
    func delete(_ path: String, head: RequestHead, user: String?) -> ResponsePlan {
        handler.error(.notImplemented, head, detail: "Publishing is not available yet.", user: user)
    }
}
