import Testing
@testable import Protection

@Suite struct ConstantTimeTests {
    @Test(arguments: [
        ("", "", true), ("a", "a", true), ("secret", "secret", true),
        ("secret", "Secret", false), ("secret", "secreT", false), ("secret", "secrex", false),
        ("secret", "secrets", false), ("secrets", "secret", false), ("", "a", false), ("a", "", false),
        ("ab", "ab\u{0}", false), ("ab\u{0}", "ab", false),
    ])
    func equals_comparesWholeContents(a: String, b: String, expected: Bool) {
        #expect(ConstantTime.equals(Array(a.utf8), Array(b.utf8)) == expected)
        #expect(ConstantTime.equals(a.utf8, b.utf8) == expected)
    }
}
