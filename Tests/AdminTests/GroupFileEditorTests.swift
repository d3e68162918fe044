import Protection
import Testing
@testable import Admin

@Suite struct GroupFileEditorTests {
    static let original = """
        # team groups
        staff: ann, bob   # core

        ops: staff,
             carol        # on call
        admins: dave
        """ + "\n"

    let editor = GroupFileEditor(path: "gr")

    func definition(_ text: String) throws -> GroupDefinition { try GroupDefinition(parsing: text) }

    @Test func set_appendsANewGroupAtTheEnd() throws {
        let edit = try editor.set("web", to: definition("staff, admins@10.0.0.0/8"), in: Self.original)
        #expect(edit.text == Self.original + "web: staff, admins@10.0.0.0/8\n")
        #expect(edit.summary == "added group 'web': staff, admins@10.0.0.0/8")
    }

    @Test func set_replacesInPlaceKeepingTheTrailingComment() throws {
        let edit = try editor.set("staff", to: definition("ann,bob,eve"), in: Self.original)
        #expect(edit.text == Self.original.replacingOccurrences(of: "staff: ann, bob   # core", with: "staff: ann, bob, eve   # core"))
    }

    @Test func set_ofAMultiLineRecordKeepsItsCommentsAbove() throws {
        let edit = try editor.set("ops", to: definition("carol"), in: Self.original)
        #expect(edit.text == """
            # team groups
            staff: ann, bob   # core

            # on call
            ops: carol
            admins: dave
            """ + "\n")
    }

    @Test func set_withTheSameDefinitionChangesNothing() throws {
        let edit = try editor.set("staff", to: definition("ann, bob"), in: Self.original)
        #expect(edit.text == Self.original)
    }

    @Test func set_refusesAForwardReference() {
        #expect(throws: AdminFailure.refused("group 'admins' is defined below 'staff' (line 6); a group can only use groups defined above it")) {
            try editor.set("staff", to: definition("ann, admins"), in: Self.original)
        }
    }

    @Test func set_refusesSelfReference() {
        #expect(throws: AdminFailure.refused("group 'web' cannot contain itself")) {
            try editor.set("web", to: definition("ann, web"), in: Self.original)
        }
    }

    @Test(arguments: ["All", "users", "ANYBODY", "Anyone", "anonymous", "", "a b", "a:b", "a,b", "#x", "a@b", "x\u{0}"])
    func set_refusesBadOrPredefinedGroupNames(name: String) {
        #expect(throws: AdminFailure.self) { try editor.set(name, to: definition("ann"), in: Self.original) }
    }

    @Test func set_withUsersRefusesUnknownNames() throws {
        let checked = GroupFileEditor(path: "gr", users: ["ann", "bob"], usersSource: "pw")
        #expect(throws: AdminFailure.refused("'zed' is neither a user in pw nor a group defined above 'web'")) {
            try checked.set("web", to: definition("ann, zed"), in: Self.original)
        }
        // Groups above and predefined names are fine.
        _ = try checked.set("web", to: definition("ann, staff, All"), in: Self.original)
    }

    @Test func addMembers_appendsToTheLastLineOfTheRecord() throws {
        let edit = try editor.addMembers(definition("eve, (fay, gus)@10.*"), to: "ops", in: Self.original)
        #expect(edit.text == Self.original.replacingOccurrences(of: "carol        # on call", with: "carol, eve, (fay, gus)@10.*.*.*        # on call"))
        #expect(edit.summary == "added eve, (fay, gus)@10.*.*.* to group 'ops'")
    }

    @Test func addMembers_refusesWhatIsAlreadyThereAndMissingGroups() {
        #expect(throws: AdminFailure.refused("group 'staff' already has ann")) {
            try editor.addMembers(definition("ann"), to: "staff", in: Self.original)
        }
        #expect(throws: AdminFailure.refused("no group 'web' in gr; define it with 'group set'")) {
            try editor.addMembers(definition("ann"), to: "web", in: Self.original)
        }
    }

    @Test func addMembers_refusesAForwardReference() {
        #expect(throws: AdminFailure.self) { try editor.addMembers(definition("ops"), to: "staff", in: Self.original) }
    }

    @Test func removeMembers_rewritesOnlyThatRecord() throws {
        let edit = try editor.removeMembers(definition("bob"), from: "staff", in: Self.original)
        #expect(edit.text == Self.original.replacingOccurrences(of: "staff: ann, bob   # core", with: "staff: ann   # core"))
    }

    @Test(arguments: [
        ("(ann, bob)@10.*", "ann", "bob@10.*.*.*"),
        ("ann@10.*, ann", "ann@(10.*)", "ann"),
        ("ann, @192.168.*.*", "@192.168.*", "ann"),
        ("(ann, bob)@10.*, carol", "(ann, bob)", "carol"),
    ])
    func removeMembers_neverWidensAnItem(before: String, removed: String, after: String) throws {
        let text = "g: \(before)\n"
        let edit = try editor.removeMembers(definition(removed), from: "g", in: text)
        #expect(edit.text == "g: \(after)\n")
    }

    @Test func removeMembers_refusesEmptyingOrAbsentMembers() {
        #expect(throws: AdminFailure.self) { try editor.removeMembers(definition("dave"), from: "admins", in: Self.original) }
        #expect(throws: AdminFailure.refused("group 'staff' has no zed")) {
            try editor.removeMembers(definition("zed"), from: "staff", in: Self.original)
        }
    }

    @Test func delete_removesEveryLineOfTheRecord() throws {
        let edit = try editor.delete("ops", in: Self.original)
        #expect(edit.text == "# team groups\nstaff: ann, bob   # core\n\nadmins: dave\n")
    }

    @Test func delete_refusesAGroupInUse() {
        #expect(throws: AdminFailure.refused("group 'staff' is used by group 'ops' (line 4); remove it there first")) {
            try editor.delete("staff", in: Self.original)
        }
    }

    @Test func everyEdit_keepsTheFileValidForTheServer() throws {
        var text = Self.original
        text = try editor.set("web", to: definition("staff, ops"), in: text).text
        text = try editor.addMembers(definition("admins"), to: "web", in: text).text
        text = try editor.removeMembers(definition("ops"), from: "web", in: text).text
        text = try editor.delete("web", in: text).text
        let (file, _) = try GroupFile.parse(text, path: "gr")
        #expect(file.groups.map(\.name) == ["staff", "ops", "admins"])
    }
}
