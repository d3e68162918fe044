/// A response status code with its standard reason phrase (RFC 9110 §15; 429 and 431 from RFC 6585).
public struct HTTPStatus: Sendable, Hashable, CustomStringConvertible {
    /// The three-digit code.
    public let code: Int

    /// A status with `code`, or nil outside 100...599 (RFC 9110 §15: the first digit is the class).
    public init?(code: Int) {
        guard (100...599).contains(code) else { return nil }
        self.code = code
    }

    private init(known code: Int) {
        self.code = code
    }

    /// The standard reason phrase, or an empty string for codes RFC 9110 does not name
    /// (RFC 9112 §4: the reason-phrase may be empty).
    public var reasonPhrase: String {
        String(describing: reasonPhraseLiteral)
    }

    /// `code reason`, e.g. `404 Not Found`.
    public var description: String {
        "\(code) \(reasonPhrase)"
    }

    /// The reason phrase as static bytes, for the serialiser's fast path.
    var reasonPhraseLiteral: StaticString {
        switch code {
        case 100: "Continue"
        case 101: "Switching Protocols"
        case 200: "OK"
        case 201: "Created"
        case 202: "Accepted"
        case 203: "Non-Authoritative Information"
        case 204: "No Content"
        case 205: "Reset Content"
        case 206: "Partial Content"
        case 300: "Multiple Choices"
        case 301: "Moved Permanently"
        case 302: "Found"
        case 303: "See Other"
        case 304: "Not Modified"
        case 305: "Use Proxy"
        case 307: "Temporary Redirect"
        case 308: "Permanent Redirect"
        case 400: "Bad Request"
        case 401: "Unauthorized"
        case 402: "Payment Required"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 405: "Method Not Allowed"
        case 406: "Not Acceptable"
        case 407: "Proxy Authentication Required"
        case 408: "Request Timeout"
        case 409: "Conflict"
        case 410: "Gone"
        case 411: "Length Required"
        case 412: "Precondition Failed"
        case 413: "Content Too Large"
        case 414: "URI Too Long"
        case 415: "Unsupported Media Type"
        case 416: "Range Not Satisfiable"
        case 417: "Expectation Failed"
        case 421: "Misdirected Request"
        case 422: "Unprocessable Content"
        case 426: "Upgrade Required"
        case 428: "Precondition Required"
        case 429: "Too Many Requests"
        case 431: "Request Header Fields Too Large"
        case 500: "Internal Server Error"
        case 501: "Not Implemented"
        case 502: "Bad Gateway"
        case 503: "Service Unavailable"
        case 504: "Gateway Timeout"
        case 505: "HTTP Version Not Supported"
        case 507: "Insufficient Storage"
        default: ""
        }
    }

    /// 100 Continue.
    public static let `continue` = HTTPStatus(known: 100)
    /// 101 Switching Protocols.
    public static let switchingProtocols = HTTPStatus(known: 101)
    /// 200 OK.
    public static let ok = HTTPStatus(known: 200)
    /// 201 Created.
    public static let created = HTTPStatus(known: 201)
    /// 202 Accepted.
    public static let accepted = HTTPStatus(known: 202)
    /// 203 Non-Authoritative Information.
    public static let nonAuthoritativeInformation = HTTPStatus(known: 203)
    /// 204 No Content.
    public static let noContent = HTTPStatus(known: 204)
    /// 205 Reset Content.
    public static let resetContent = HTTPStatus(known: 205)
    /// 206 Partial Content.
    public static let partialContent = HTTPStatus(known: 206)
    /// 300 Multiple Choices.
    public static let multipleChoices = HTTPStatus(known: 300)
    /// 301 Moved Permanently.
    public static let movedPermanently = HTTPStatus(known: 301)
    /// 302 Found.
    public static let found = HTTPStatus(known: 302)
    /// 303 See Other.
    public static let seeOther = HTTPStatus(known: 303)
    /// 304 Not Modified.
    public static let notModified = HTTPStatus(known: 304)
    /// 305 Use Proxy (deprecated).
    public static let useProxy = HTTPStatus(known: 305)
    /// 307 Temporary Redirect.
    public static let temporaryRedirect = HTTPStatus(known: 307)
    /// 308 Permanent Redirect.
    public static let permanentRedirect = HTTPStatus(known: 308)
    /// 400 Bad Request.
    public static let badRequest = HTTPStatus(known: 400)
    /// 401 Unauthorized.
    public static let unauthorized = HTTPStatus(known: 401)
    /// 402 Payment Required.
    public static let paymentRequired = HTTPStatus(known: 402)
    /// 403 Forbidden.
    public static let forbidden = HTTPStatus(known: 403)
    /// 404 Not Found.
    public static let notFound = HTTPStatus(known: 404)
    /// 405 Method Not Allowed.
    public static let methodNotAllowed = HTTPStatus(known: 405)
    /// 406 Not Acceptable.
    public static let notAcceptable = HTTPStatus(known: 406)
    /// 407 Proxy Authentication Required.
    public static let proxyAuthenticationRequired = HTTPStatus(known: 407)
    /// 408 Request Timeout.
    public static let requestTimeout = HTTPStatus(known: 408)
    /// 409 Conflict.
    public static let conflict = HTTPStatus(known: 409)
    /// 410 Gone.
    public static let gone = HTTPStatus(known: 410)
    /// 411 Length Required.
    public static let lengthRequired = HTTPStatus(known: 411)
    /// 412 Precondition Failed.
    public static let preconditionFailed = HTTPStatus(known: 412)
    /// 413 Content Too Large.
    public static let contentTooLarge = HTTPStatus(known: 413)
    /// 414 URI Too Long.
    public static let uriTooLong = HTTPStatus(known: 414)
    /// 415 Unsupported Media Type.
    public static let unsupportedMediaType = HTTPStatus(known: 415)
    /// 416 Range Not Satisfiable.
    public static let rangeNotSatisfiable = HTTPStatus(known: 416)
    /// 417 Expectation Failed.
    public static let expectationFailed = HTTPStatus(known: 417)
    /// 421 Misdirected Request.
    public static let misdirectedRequest = HTTPStatus(known: 421)
    /// 422 Unprocessable Content.
    public static let unprocessableContent = HTTPStatus(known: 422)
    /// 426 Upgrade Required.
    public static let upgradeRequired = HTTPStatus(known: 426)
    /// 428 Precondition Required (RFC 6585).
    public static let preconditionRequired = HTTPStatus(known: 428)
    /// 429 Too Many Requests (RFC 6585).
    public static let tooManyRequests = HTTPStatus(known: 429)
    /// 431 Request Header Fields Too Large (RFC 6585).
    public static let requestHeaderFieldsTooLarge = HTTPStatus(known: 431)
    /// 500 Internal Server Error.
    public static let internalServerError = HTTPStatus(known: 500)
    /// 501 Not Implemented.
    public static let notImplemented = HTTPStatus(known: 501)
    /// 502 Bad Gateway.
    public static let badGateway = HTTPStatus(known: 502)
    /// 503 Service Unavailable.
    public static let serviceUnavailable = HTTPStatus(known: 503)
    /// 504 Gateway Timeout.
    public static let gatewayTimeout = HTTPStatus(known: 504)
    /// 505 HTTP Version Not Supported.
    public static let httpVersionNotSupported = HTTPStatus(known: 505)
    /// 507 Insufficient Storage (RFC 4918 §11.5): an upload did not fit on the disk.
    public static let insufficientStorage = HTTPStatus(known: 507)
}
