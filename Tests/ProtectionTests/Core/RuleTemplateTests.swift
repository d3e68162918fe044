import Testing
@testable import Protection

/// Reference cern §12 template vectors (without the `/~` guard: UserDir is not supported).
@Test(arguments: [
    ("/a/*", "/a/", [""] as [String]?),
    ("/a/*", "/a", nil),
    ("/a", "/a/", nil),
    ("/a", "/a", []),
    ("*.html", "x.html.html", ["x.html"]),
    ("/a/*/b/*", "/a/x/b/y/b/z", ["x", "y/b/z"]),
    ("/a\\*b", "/a*b", []),
    ("/a\\*b", "/axb", nil),
    ("/Doc/*", "/doc/x", nil),
    ("http:*", "http://h/~joe/", ["//h/~joe/"]),
    ("/*/*.gif", "/x/y/z.gif", ["x", "y/z"]),
    ("*", "", [""]),
])
func ruleTemplate_matchesLeftMostFirst(template: String, text: String, bindings: [String]?) {
    #expect(RuleTemplate(template).match(text)?.map(String.init) == bindings)
}

@Test(arguments: [
    ("/y/*", ["abc"], "/y/abc"),
    ("/y/*/*", ["a"], "/y/a/"),
    ("/fixed", ["a", "b"], "/fixed"),
    ("/a/*-*", ["1", "2", "3"], "/a/1-2"),
])
func ruleTemplate_substitutesInOrder(result: String, bindings: [String], expected: String) {
    #expect(RuleTemplate.substitute(result, with: bindings.map { Substring($0) }) == expected)
}

@Test func ruleTemplate_manyStarsOnLongPathStaysFast() {
    // Would be exponential with naive backtracking; left-most matching is linear per star.
    let template = RuleTemplate("/*a*a*a*a*a*a*a*a*b")
    let text = "/" + String(repeating: "a", count: 4000)
    #expect(template.match(text) == nil)
}
