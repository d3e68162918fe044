import HTTPWire
import Protection

/// Absolute-form requests and CONNECT (proxy mode). Proxying is off until the rule file enables it
/// with `Pass http:*`; until proxy mode lands, every such request is refused with 403 and no
/// outbound connection is made.
struct ProxyResponder {
    let handler: RequestHandler

    /// `GET http://host/path` and friends.
    func forward(_ head: RequestHead, target: AbsoluteTarget, client: ClientAddress) -> RequestHandler.Outcome {
        .respond(handler.error(.forbidden, head, detail: "This server does not act as a proxy."))
    }

    /// `CONNECT host:port`.
    func connect(_ head: RequestHead, client: ClientAddress) -> RequestHandler.Outcome {
        .respond(handler.error(.forbidden, head, detail: "This server does not act as a proxy.", close: true))
    }
}
