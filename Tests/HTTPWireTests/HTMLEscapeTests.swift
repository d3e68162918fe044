import Testing
@testable import HTTPWire

struct HTMLEscapeTests {
    @Test(arguments: [
        ("plain name.txt", "plain name.txt"),
        ("a&b", "a&amp;b"),
        ("<script>alert('x')</script>", "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"),
        ("\"quoted\"", "&quot;quoted&quot;"),
        ("caf\u{E9} & th\u{E9}", "caf\u{E9} &amp; th\u{E9}"),
        ("", ""),
    ])
    func escape_replacesTheFiveSpecials(input: String, output: String) {
        #expect(HTMLEscape.escape(input) == output)
    }
}
