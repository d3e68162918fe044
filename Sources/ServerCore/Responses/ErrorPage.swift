import HTTPWire
import Protection

/// The short HTML body every error response carries, naming the status.
enum ErrorPage {
    /// `<h1>403 Forbidden</h1>` and a sentence, as bytes.
    static func body(_ status: HTTPStatus, detail: String?) -> [UInt8] {
        let title = HTMLEscape.escape("\(status.code) \(status.reasonPhrase)")
        var html = "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>\(title)</title></head>\n<body><h1>\(title)</h1>\n"
        if let detail { html += "<p>\(HTMLEscape.escape(detail))</p>\n" }
        html += "<hr><address>Gatehouse/\(GatehouseVersion.string)</address></body></html>\n"
        return Array(html.utf8)
    }

    /// Content type of error pages.
    static let contentType = "text/html; charset=utf-8"
}
