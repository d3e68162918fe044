import Protection
import Testing
@testable import Admin

@Suite struct ACLFileEditorTests {
    static let original = """
        # who may read what
        *.html : GET : staff   # everyone on the team
        secret.pdf : GET,PUT : ann,
                               bob
        """ + "\n"

    let editor = ACLFileEditor(path: "d/.www_acl")

    func who(_ text: String) throws -> GroupDefinition { try GroupDefinition(parsing: text) }

    @Test func allow_appendsANewEntry() throws {
        let edit = try editor.allow("*.pdf", methods: ["GET"], who: who("Users"), in: Self.original)
        #expect(edit.text == Self.original + "*.pdf : GET : Users\n")
        #expect(edit.summary == "allowed: *.pdf : GET : Users")
    }

    @Test func allow_extendsTheEntryWithTheSameTemplateAndMethods() throws {
        let edit = try editor.allow("secret.pdf", methods: ["PUT", "GET"], who: who("carol, ann"), in: Self.original)
        #expect(edit.text == Self.original.replacingOccurrences(of: "       bob\n", with: "       bob, carol\n"))
        #expect(edit.summary == "allowed carol: secret.pdf : GET,PUT : ann, bob, carol")
    }

    @Test func allow_keepsATrailingComment() throws {
        let edit = try editor.allow("*.html", methods: ["GET"], who: who("@10.0.0.0/8"), in: Self.original)
        #expect(edit.text.contains("*.html : GET : staff, @10.0.0.0/8   # everyone on the team\n"))
    }

    @Test func allow_refusesWhatIsAlreadyAllowed() {
        #expect(throws: AdminFailure.self) { try editor.allow("*.html", methods: ["GET"], who: who("staff"), in: Self.original) }
    }

    @Test func allow_onAnEmptyFileCreatesTheFirstEntry() throws {
        let edit = try editor.allow("*", methods: ["GET", "HEAD"], who: who("All"), in: "")
        #expect(edit.text == "* : GET,HEAD : All\n")
    }

    @Test func revoke_removesAMemberAndRewritesTheEntry() throws {
        let edit = try editor.revoke("secret.pdf", methods: nil, who: who("ann"), in: Self.original)
        #expect(edit.text == "# who may read what\n*.html : GET : staff   # everyone on the team\nsecret.pdf : GET,PUT : bob\n")
    }

    @Test func revoke_removesAnEntryLeftEmpty() throws {
        let edit = try editor.revoke("*.html", methods: ["get"].map { $0.uppercased() }, who: who("staff"), in: Self.original)
        #expect(edit.text == "# who may read what\nsecret.pdf : GET,PUT : ann,\n                       bob\n")
        #expect(edit.summary == "revoked staff from '*.html': removed *.html : GET : staff")
    }

    @Test func revoke_refusesWhenNothingMatches() {
        #expect(throws: AdminFailure.refused("no entry for '*.html' with methods PUT in d/.www_acl")) {
            try editor.revoke("*.html", methods: ["PUT"], who: who("staff"), in: Self.original)
        }
        #expect(throws: AdminFailure.refused("no entry for '*.html' admits zed")) {
            try editor.revoke("*.html", methods: nil, who: who("zed"), in: Self.original)
        }
    }

    @Test(arguments: ["", "a/b", "a:b", "**", "#x", "a\u{1}"])
    func checkedTemplate_refusesWhatTheParserWouldNot(template: String) {
        #expect(throws: AdminFailure.self) { try ACLFileEditor.checkedTemplate(template) }
    }

    @Test(arguments: [("get", ["GET"]), ("get, Put,GET", ["GET", "PUT"]), ("DELETE", ["DELETE"])])
    func checkedMethods_normalises(list: String, expected: [String]) throws {
        #expect(try ACLFileEditor.checkedMethods(list) == expected)
    }

    @Test(arguments: ["", ",", "GET;PUT", "VERYLONGMETHODNAME", "G3T"])
    func checkedMethods_refusesJunk(list: String) {
        #expect(throws: AdminFailure.self) { try ACLFileEditor.checkedMethods(list) }
    }

    @Test func entries_readBackWhatTheServerReads() throws {
        let text = try editor.allow("*.pdf", methods: ["GET"], who: who("(ann, bob)@[::1]"), in: Self.original).text
        let file = try ACLFile.parse(text, path: "d/.www_acl")
        #expect(file.entries(for: "x.pdf", method: "HEAD").map(\.who.description) == ["(ann, bob)@[::1/128]"])
    }
}
