import HTTPWire
import Protection
import RequestPolicy

/// What the connection machine asks of the server, per request: the answer (the decision and
/// the responders behind it), the answer after a password was hashed, the access log, the
/// limits in force. The server's implementation is `LoopContext`; tests supply their own, so the
/// machine runs without sockets or files.
protocol ConnectionServices: AnyObject {
    /// The timeouts and caps in force now (they follow reloads).
    var limits: ConnectionLimits { get }
    /// Whether the server is shutting down (answer what is in flight, keep nothing alive).
    var draining: Bool { get }
    /// Monotonic milliseconds (the loop's clock).
    var now: Int64 { get }
    /// Monotonic microseconds when a request's duration is logged, else the loop's clock in µs.
    var requestClock: Int64 { get }
    /// The request-head limits for new requests.
    var parserLimits: HTTPLimits { get }

    /// How to answer `head` from `peer`.
    func reply(to head: RequestHead, from peer: ConnectionPeer) -> ServiceReply
    /// How to answer a request whose password has now been hashed.
    func reply(resuming pending: PendingAnswer, head: RequestHead, from peer: ConnectionPeer) -> ServiceReply
    /// The answer to a request that could not be parsed (400, 413, 431, …; the connection closes).
    func malformed(_ error: HTTPParseError, from peer: ConnectionPeer) -> ResponsePlan
    /// The answer when the loop holds too much unanswered input (503; the connection closes).
    func overloaded(from peer: ConnectionPeer) -> ResponsePlan
    /// Writes the access-log line of a finished response.
    func log(_ record: AccessRecord)
    /// Accounts for `delta` more (or, negative, fewer) bytes of request input a connection holds
    /// unanswered; false when the loop's cap on such bytes is reached (the connection is then
    /// refused), so many connections each holding a large partial head cannot exhaust memory.
    func holdInput(_ delta: Int) -> Bool
}

/// Who is on the other end of a connection and how they reached the server.
struct ConnectionPeer: Sendable {
    /// The peer's address (after the PROXY protocol, when the listener takes it).
    let address: ClientAddress
    /// Plain or TLS.
    let listener: ListenerKind
    /// The address as text, made once per connection (every log line names it).
    let text: String

    /// A peer at `address` on a `listener`.
    init(address: ClientAddress, listener: ListenerKind) {
        self.address = address
        self.listener = listener
        self.text = address.description
    }
}

/// One request's answer as the connection machine acts on it.
enum ServiceReply {
    /// Send this.
    case respond(ResponsePlan)
    /// Send this remembered answer (naming `client` in the log when it is not the peer).
    case remembered(RememberedAnswer, client: ClientAddress?)
    /// Hash the password, then ask again with `reply(resuming:)`.
    case verify(PendingAnswer)
    /// Read the body into the sink (after `100 Continue` when the client asked for it), then let
    /// the sink answer.
    case receiveBody(RequestBodySink, framing: BodyFraming, user: String?)
    /// The proxy takes the connection over.
    case handOff(ProxyJob)
}
