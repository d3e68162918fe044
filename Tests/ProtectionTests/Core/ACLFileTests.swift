import Testing
@testable import Protection

/// Reference cern §12 ACL, with Gatehouse's reading: `#` comments, and GET covering HEAD.
struct ACLFileTests {
    let acl: ACLFile
    let groups = GroupFile.empty

    init() throws {
        acl = try ACLFile.parse("""
        # comment line: here
        *.html : GET : ann
        *.html : get,put : bob,
           carl
        secret*.txt : GET,HEAD : @10.*
        """, path: "/d/.www_acl")
    }

    func result(_ name: String, _ method: String, _ user: String?, _ from: String = "1.1.1.1") -> String {
        let entries = acl.entries(for: name, method: method)
        if entries.isEmpty { return "403" }
        let ev = GroupEvaluator(user: user, client: ClientAddress(parsing: from)!, groups: groups)
        return entries.contains { ev.check($0.who) == .member } ? "OK" : "401"
    }

    @Test func parsesEntriesWithContinuation() {
        #expect(acl.entries.map(\.line) == [2, 3, 5])
        #expect(acl.entries[1].methods == ["GET", "PUT"])
        #expect(acl.entries[1].who.description == "bob, carl")
    }

    @Test(arguments: [
        ("x.html", "GET", "ann", "1.1.1.1", "OK"),
        ("x.html", "PUT", "carl", "1.1.1.1", "OK"),
        ("x.html", "HEAD", "ann", "1.1.1.1", "OK"),        // 3.0A: 403 (HEAD had to be listed)
        ("x.html", "GET", "dave", "1.1.1.1", "401"),
        ("secret1.txt", "HEAD", nil, "10.2.2.2", "OK"),
        ("secret1.txt", "HEAD", nil, "11.2.2.2", "401"),  // address failure inside an ACL is 401
        ("x.gif", "GET", "ann", "1.1.1.1", "403"),
        ("", "GET", "ann", "1.1.1.1", "403"),               // 3.0A's truncation quirk let '*.html' match a directory
        ("x.html", "DELETE", "bob", "1.1.1.1", "403"),
    ] as [(String, String, String?, String, String)])
    func decides(name: String, method: String, user: String?, from: String, expected: String) {
        #expect(result(name, method, user, from) == expected)
    }
}

@Test(arguments: [
    ("*.html GET ann\n", 1, "expected 'template : methods : group-definition'"),
    ("a*b*c : GET : ann\n", 1, "at most one '*'"),
    ("sub/x : GET : ann\n", 1, "file name"),
    ("x : : ann\n", 1, "method"),
    ("x : G-T : ann\n", 1, "not a method name"),
    ("ok : GET : ann\nx : GET : (ann\n", 2, "')'"),
    ("ok : GET : ann\nx : GTE : ann\n", 2, "unknown method 'GTE'; an ACL entry names GET, HEAD, POST, PUT, DELETE"),
    ("x : GET,options : ann\n", 1, "unknown method 'options'"),
])
func aclFile_reportsErrorsWithLine(text: String, line: Int, fragment: String) {
    do {
        _ = try ACLFile.parse(text, path: "/d/.www_acl")
        Issue.record("accepted")
    } catch {
        #expect(error.diagnostics.first?.location.line == line)
        #expect(error.diagnostics.first?.message.contains(fragment) == true, "\(error)")
        #expect(error.description.hasPrefix("/d/.www_acl:\(line): "))
    }
}

@Test func aclFile_directoryIsMatchedByStarOnly() throws {
    let acl = try ACLFile.parse("* : GET : ann\n*.html : GET : bob\n", path: "/d/.www_acl")
    #expect(acl.entries(for: "", method: "GET").map(\.line) == [1])
}
