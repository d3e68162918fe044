import HTTPWire
import Testing
@testable import ServerCore

/// Error pages are kept once rendered; a kept page must be the page that would be rendered, and
/// a detail naming a long path must still be escaped though its page is not kept.
@Suite struct ErrorPageTests {
    static func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

    @Test func aKeptPage_isTheSameEachTime_andNamesItsStatusAndDetail() {
        let first = ErrorPage.body(.tooManyRequests, detail: "Too many failed logins. Try again in 60 seconds.")
        let again = ErrorPage.body(.tooManyRequests, detail: "Too many failed logins. Try again in 60 seconds.")
        #expect(first == again)
        #expect(Self.text(first).contains("<title>429 Too Many Requests</title>"))
        #expect(Self.text(first).contains("<p>Too many failed logins. Try again in 60 seconds.</p>"))
    }

    @Test func pagesDifferingInStatusOrDetail_areKeptApart() {
        let a = Self.text(ErrorPage.body(.tooManyRequests, detail: "Try again in 59 seconds."))
        let b = Self.text(ErrorPage.body(.tooManyRequests, detail: "Try again in 58 seconds."))
        let c = Self.text(ErrorPage.body(.forbidden, detail: "Try again in 59 seconds."))
        let d = Self.text(ErrorPage.body(.forbidden, detail: nil))
        #expect(a.contains("59 seconds") && !a.contains("58 seconds"))
        #expect(b.contains("58 seconds"))
        #expect(c.contains("403 Forbidden") && !c.contains("429"))
        #expect(!d.contains("<p>"))
    }

    @Test func details_areEscaped_whetherOrNotThePageIsKept() {
        let short = "<b>&</b>"
        let long = "/" + String(repeating: "a", count: ErrorPage.maxRememberedDetail) + "<script>"
        for detail in [short, short, long, long] {
            let page = Self.text(ErrorPage.body(.notFound, detail: detail))
            #expect(!page.contains("<b>") && !page.contains("<script>"), "\(page)")
            #expect(page.contains("&lt;"))
        }
    }
}
