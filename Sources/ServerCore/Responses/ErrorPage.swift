import HTTPWire
import Protection
import Synchronization

/// The short HTML body every error response carries, naming the status. Pages are rendered
/// once and kept (a throttled client asking again and again gets the same 429 page, so it should
/// not be escaped and assembled each time); details longer than `maxRememberedDetail` bytes, which
/// name a request's path, are rendered each time and not kept.
enum ErrorPage {
    /// The longest detail whose page is kept.
    static let maxRememberedDetail = 160
    /// Pages kept before the store is emptied.
    static let capacity = 256

    private struct Key: Hashable {
        let code: Int
        let detail: String?
    }

    private static let rendered = Mutex<[Key: [UInt8]]>([:])

    /// `<h1>403 Forbidden</h1>` and a sentence, as bytes.
    static func body(_ status: HTTPStatus, detail: String?) -> [UInt8] {
        guard (detail?.utf8.count ?? 0) <= maxRememberedDetail else { return render(status, detail: detail) }
        let key = Key(code: status.code, detail: detail)
        if let page = rendered.withLock({ $0[key] }) { return page }
        let page = render(status, detail: detail)
        rendered.withLock { pages in
            if pages.count >= capacity { pages.removeAll(keepingCapacity: true) }
            pages[key] = page
        }
        return page
    }

    private static func render(_ status: HTTPStatus, detail: String?) -> [UInt8] {
        let title = HTMLEscape.escape("\(status.code) \(status.reasonPhrase)")
        var html = "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>\(title)</title></head>\n<body><h1>\(title)</h1>\n"
        if let detail { html += "<p>\(HTMLEscape.escape(detail))</p>\n" }
        html += "<hr><address>Gatehouse/\(GatehouseVersion.string)</address></body></html>\n"
        return Array(html.utf8)
    }

    /// Content type of error pages.
    static let contentType = "text/html; charset=utf-8"
}
