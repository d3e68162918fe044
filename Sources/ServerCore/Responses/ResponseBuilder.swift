import HTTPWire
import Protection

/// Builds every response the server writes itself, for one request: the status line in the
/// request's version, `Date`, `Server`, the connection option, the fields every response to this
/// request carries (`AddHeader`, `Cache-Control` of protected answers, HSTS over TLS), and the
/// error pages (the built-in one, or an `ErrorDocument`). The static and publishing responders,
/// the proxy and the connection all build through it, so these rules live in one place.
struct ResponseBuilder: Sendable {
    /// The `Server` field value.
    static let serverName = "Gatehouse/\(GatehouseVersion.string)"

    /// The request's version (the response's), and whether it allows keep-alive.
    let version: HTTPVersion
    let keepAlive: Bool
    /// HEAD: headers as for GET, never a body.
    let isHead: Bool
    /// The IMF-fixdate of the current second.
    let date: String
    /// Fields added to every response (AddHeader, Cache-Control, Strict-Transport-Security).
    let common: [HTTPField]
    /// `ErrorDocument` pages by status.
    let errorPages: ErrorPages

    /// A builder for responses to `head` (nil: a request that could not be parsed, answered as
    /// HTTP/1.1 and closed).
    init(for head: RequestHead?, date: String, common: [HTTPField] = [], errorPages: ErrorPages = .none) {
        if let head {
            version = head.version
            keepAlive = head.keepAlive
            isHead = head.method == .head
        } else {
            version = .http11
            keepAlive = false
            isHead = false
        }
        self.date = date
        self.common = common
        self.errorPages = errorPages
    }

    /// The same builder with more fields for every response.
    func adding(_ fields: [HTTPField]) -> ResponseBuilder {
        guard !fields.isEmpty else { return self }
        return ResponseBuilder(version: version, keepAlive: keepAlive, isHead: isHead, date: date, common: common + fields,
                               errorPages: errorPages)
    }

    /// The same builder stamped with another date (answers built off the loop, later).
    func dated(_ date: String) -> ResponseBuilder {
        ResponseBuilder(version: version, keepAlive: keepAlive, isHead: isHead, date: date, common: common, errorPages: errorPages)
    }

    private init(version: HTTPVersion, keepAlive: Bool, isHead: Bool, date: String, common: [HTTPField], errorPages: ErrorPages) {
        self.version = version
        self.keepAlive = keepAlive
        self.isHead = isHead
        self.date = date
        self.common = common
        self.errorPages = errorPages
    }

    /// Whether the connection closes after a response built with `close`.
    func closes(_ close: Bool) -> Bool { close || !keepAlive }

    /// A complete response head for `status`: the version, the date, the server, the
    /// connection option (`close` for HTTP/1.1, `keep-alive` for a kept HTTP/1.0 connection),
    /// and the common fields.
    func head(_ status: HTTPStatus, close: Bool = false, fields: [HTTPField] = []) -> ResponseHead {
        var h = ResponseHead(status: status, version: version, date: date, server: ResponseBuilder.serverName)
        if closes(close) {
            if version == .http11 { h.connection = .close }
        } else if version == .http10 {
            h.connection = .keepAlive
        }
        h.fields = common.isEmpty ? fields : fields + common
        return h
    }

    /// An answer without a body (204, 304, a HEAD-less redirect…).
    func empty(_ status: HTTPStatus, fields: [HTTPField] = [], close: Bool = false, user: String?) -> ResponsePlan {
        var h = head(status, close: close, fields: fields)
        if status != .noContent && status != .notModified { h.contentLength = 0 }
        return ResponsePlan(head: h, body: .none, close: closes(close), user: user)
    }

    /// A response with an in-memory body.
    func body(_ status: HTTPStatus, contentType: String, bytes: [UInt8], fields: [HTTPField] = [], close: Bool = false,
              user: String?) -> ResponsePlan {
        var h = head(status, close: close, fields: fields)
        h.contentType = contentType
        h.contentLength = bytes.count
        return ResponsePlan(head: h, body: isHead ? .none : .bytes(bytes), close: closes(close), user: user)
    }

    /// The server's page for `status`: the `ErrorDocument` for it when one is configured, else a
    /// short HTML page naming the status and `detail`. The status and fields (challenges,
    /// `Location`, `Allow`, `Retry-After`) are those given, whatever the page.
    func page(_ status: HTTPStatus, detail: String?, fields: [HTTPField] = [], close: Bool = false, user: String?) -> ResponsePlan {
        if status == .noContent || status == .notModified { return empty(status, fields: fields, close: close, user: user) }
        if let custom = errorPages.page(for: status) {
            return body(status, contentType: custom.contentType, bytes: custom.body, fields: fields, close: close, user: user)
        }
        return body(status, contentType: ErrorPage.contentType, bytes: ErrorPage.body(status, detail: detail), fields: fields,
                    close: close, user: user)
    }
}
