import HTTPWire
import Protection
import RequestPolicy

/// Why a proxied request could not reach its origin, mapped one to one to the status sent.
enum ProxyFailure: Error, Sendable, Hashable {
    /// A resolved address is outside `ProxyDestinations` (or in a default-refused range): 403.
    case destinationRefused(ClientAddress)
    /// The name could not be resolved: 502.
    case unresolvable(String)
    /// The origin refused the connection or could not be reached: 502.
    case connectFailed(String)
    /// No connection (or no response) within the time limit: 504.
    case timedOut
    /// The origin closed or reset the connection before a complete response head: 502.
    case closedEarly
    /// The origin's response head is not valid HTTP/1.x: 502.
    case badResponse(String)
    /// The translated URL cannot be fetched (not `http`): 502.
    case unsupportedTarget(String)
    /// Too many name look-ups are running: 503.
    case busy

    /// The status sent to the client.
    var status: HTTPStatus {
        switch self {
        case .destinationRefused: return .forbidden
        case .unresolvable, .connectFailed, .closedEarly, .badResponse, .unsupportedTarget: return .badGateway
        case .timedOut: return .gatewayTimeout
        case .busy: return .serviceUnavailable
        }
    }

    /// The short text of the error page (and of the error-log line).
    var detail: String {
        switch self {
        case .destinationRefused(let address): return ProxyDestinationPolicy.refusalDetail(address)
        case .unresolvable(let why): return "The host name could not be resolved (\(why))."
        case .connectFailed(let why): return "The origin server could not be reached (\(why))."
        case .timedOut: return "The origin server did not answer in time."
        case .closedEarly: return "The origin server closed the connection without a complete response."
        case .badResponse(let why): return "The origin server sent an invalid response (\(why))."
        case .unsupportedTarget(let url): return "The proxy cannot fetch \(url)."
        case .busy: return "The proxy is too busy. Try again shortly."
        }
    }
}
