import Testing
@testable import Protection

@Test func passwordFile_parsesUsersCommentsAndPasswdLines() throws {
    let text = """
    # demo users
    ann:$2y$05$abcdefghijklmnopqrstuu5Bf6Th5UjoIrUOi5Hw8M5OlmG1ZG2z2:Ann Example

    root:x:0:0:root:/root:/bin/bash
    bob:{PLAIN}secret:Bob
    ann:$2y$05$other:Duplicate
    """
    let (file, warnings) = try PasswordFile.parse(text, path: "/p")
    #expect(file.entries.map(\.user) == ["ann", "root", "bob"])
    #expect(file.entry(for: "ann")?.realName == "Ann Example")
    #expect(file.entry(for: "ann")?.line == 2)
    #expect(file.entry(for: "root")?.hash.isUsable == false)
    #expect(file.entry(for: "bob")?.hash.isUsable == false)
    #expect(warnings.map(\.location.line) == [5, 6])
    #expect(warnings[0].description.hasPrefix("/p:5: warning: user 'bob' is disabled"))
    #expect(warnings[1].message.contains("already defined on line 2"))
}

@Test(arguments: [("nocolon\n", 1, "expected 'user:hash"), ("ok:x\n:hash\n", 2, "empty user name"), ("a\u{1}b:x\n", 1, "control character")])
func passwordFile_reportsErrorsWithLine(text: String, line: Int, fragment: String) {
    do {
        _ = try PasswordFile.parse(text, path: "/p")
        Issue.record("accepted")
    } catch {
        #expect(error.diagnostics.first?.location.line == line)
        #expect(error.diagnostics.first?.message.contains(fragment) == true)
    }
}

@Test func passwordFile_generationChangesWithContent() throws {
    let a = try PasswordFile.parse("ann:x\n", path: "/p").0
    let b = try PasswordFile.parse("ann:y\n", path: "/p").0
    #expect(a.generation != b.generation)
}
