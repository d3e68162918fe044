import Testing
@testable import Protection

@Test(arguments: [
    ("john, james", "john, james"),
    ("marca@141.142.*.*, sanders@153.39.*.*", "marca@141.142.*.*, sanders@153.39.*.*"),
    ("(luotonen, timbl, hallam)@128.141.*.*", "(luotonen, timbl, hallam)@128.141.*.*"),
    ("cailliau@(128.141.201.162, 128.141.248.119)", "cailliau@(128.141.201.162, 128.141.248.119)"),
    ("@128.141.*.*", "@128.141.*.*"),
    ("ann@[::1], @10.0.0.0/8", "ann@[::1/128], @10.0.0.0/8"),
    ("All", "All"),
])
func groupDefinition_parsesAndPrintsCanonically(text: String, canonical: String) throws {
    let d = try GroupDefinition(parsing: text)
    #expect(d.description == canonical)
    #expect(try GroupDefinition(parsing: d.description) == d)
}

@Test(arguments: ["", "ann,", "(ann", "ann@", "ann@(10.*", "a*b", "ann bob", ",ann", "ann@(,)", "ann@999.1.1.1"])
func groupDefinition_rejectsBadSyntax(text: String) {
    #expect(throws: GroupSyntaxError.self) { try GroupDefinition(parsing: text) }
}

@Test func groupFile_parsesReferenceExample() throws {
    let text = """
    # a comment works here (3.0A ended the file at it)
    authors: john, james
    trusted: authors, jim
    cern_people: @128.141.*.*
    hackers: marca@141.142.*.*, sanders@153.39.*.*,
             (luotonen, timbl, hallam)@128.141.*.*,
             cailliau@(128.141.201.162, 128.141.248.119)
    cern_hackers: hackers@128.141.*.*
    """
    let (file, warnings) = try GroupFile.parse(text, path: "/g")
    #expect(warnings.isEmpty)
    #expect(file.groups.map(\.name) == ["authors", "trusted", "cern_people", "hackers", "cern_hackers"])
    #expect(file.groups.map(\.line) == [2, 3, 4, 5, 8])
    #expect(file.definition(of: "hackers")?.items.count == 4)
}

@Test(arguments: [
    ("fwd: later\nlater: ann\n", 1, "used before it is defined"),
    ("All: joe\n", 1, "predefined"),
    ("anybody: joe\n", 1, "predefined"),
    ("a: x\na: y\n", 2, "already defined"),
    ("a: a\n", 1, "cannot contain itself"),
    ("just words\n", 1, "expected 'name: definition'"),
    ("a: b,\n", 1, "must be followed"),
    ("ok: x\nbad: (y\n", 2, "')'"),
])
func groupFile_reportsErrorsWithLine(text: String, line: Int, fragment: String) {
    do {
        _ = try GroupFile.parse(text, path: "/srv/group")
        Issue.record("accepted")
    } catch {
        let d = error.diagnostics.first
        #expect(d?.location.line == line)
        #expect(d?.message.contains(fragment) == true, "\(String(describing: d))")
        #expect(d?.description.hasPrefix("/srv/group:\(line): ") == true)
    }
}

/// Reference cern §12 group examples, evaluated with Gatehouse's semantics.
struct GroupEvaluationTests {
    let groups: GroupFile

    init() throws {
        groups = try GroupFile.parse("""
        staff: ann, bob
        all_staff: staff, carl
        remote: (ann)@(10.*, *.example.org)
        inner: ann@192.168.*
        outer2: inner, bob
        """, path: "/g").0
    }

    func check(_ def: String, user: String?, from: String, host: String? = nil) throws -> Membership {
        GroupEvaluator(user: user, client: ClientAddress(parsing: from, hostName: host)!, groups: groups).check(try GroupDefinition(parsing: def))
    }

    @Test(arguments: [
        ("all_staff", "ann", "1.1.1.1", Membership.member),
        ("all_staff", "carl", "1.1.1.1", .member),
        ("all_staff", "dave", "1.1.1.1", .notMember),
        ("all_staff", nil, "1.1.1.1", .notMember),
        ("remote", "ann", "10.2.3.4", .member),
        ("remote", "ann", "11.2.3.4", .addressRefused),
        ("remote", "bob", "10.2.3.4", .notMember),
        ("All", "zed", "1.1.1.1", .member),
        ("All", nil, "1.1.1.1", .notMember),
        ("Anybody", nil, "1.1.1.1", .member),
        ("anonymous", nil, "1.1.1.1", .member),
        ("@10.*", nil, "10.0.0.9", .member),
        ("@10.*", "ann", "11.0.0.9", .addressRefused),
        ("staff@10.*, @127.0.0.1", nil, "127.0.0.1", .member),
        ("later", "later", "1.1.1.1", .member),
    ] as [(String, String?, String, Membership)])
    func evaluates(def: String, user: String?, from: String, expected: Membership) throws {
        #expect(try check(def, user: user, from: from) == expected)
    }

    @Test func hostNameTemplateNeedsName() throws {
        #expect(try check("remote", user: "ann", from: "11.2.3.4", host: "pc.example.org") == .member)
    }

    /// cern §5.4: 3.0A's static flag made this 403 (IP_MASK); Gatehouse decides per definition,
    /// and `bob` (no address part) admits the address, so credentials could help: 401.
    @Test func nestedAddressFailureDoesNotHideUserItem() throws {
        #expect(try check("outer2", user: "zed", from: "10.0.0.1") == .notMember)
        #expect(try check("inner", user: "zed", from: "10.0.0.1") == .addressRefused)
    }
}
