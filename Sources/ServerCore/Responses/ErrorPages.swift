import HTTPWire
import Protection
import Transport

/// The pages `ErrorDocument STATUS PATH` names, read when the configuration loads (so a page is
/// never read per request, and a missing one is reported once). Immutable.
struct ErrorPages: Sendable {
    /// One page.
    struct Page: Sendable {
        /// Its bytes.
        let body: [UInt8]
        /// Its media type, from its name.
        let contentType: String
    }

    /// No custom pages.
    static let none = ErrorPages(pages: [:])

    /// The largest page read.
    static let maxPageBytes = 256 * 1024

    private let pages: [Int: Page]

    private init(pages: [Int: Page]) { self.pages = pages }

    /// Reads every page the settings name; returns the pages and a message per page that cannot
    /// be read (that status keeps the built-in page).
    static func load(_ documents: [Int: ServerSettings.Sourced<String>], ruleFile: String,
                     contentType: (String) -> String) -> (ErrorPages, [String]) {
        var pages: [Int: Page] = [:]
        var problems: [String] = []
        for (status, document) in documents {
            do {
                let bytes = try FileSystem.readWholeFile(document.value, limit: maxPageBytes)
                pages[status] = Page(body: bytes, contentType: contentType(document.value))
            } catch {
                problems.append("\(ruleFile):\(document.line): ErrorDocument \(status): cannot read \(document.value): \(error.message)")
            }
        }
        return (ErrorPages(pages: pages), problems)
    }

    /// The page for `status`, if one is configured.
    func page(for status: HTTPStatus) -> Page? {
        pages.isEmpty ? nil : pages[status.code]
    }
}
