import Foundation
import Protection
import Testing
@testable import Admin

@Suite struct PasswordFileEditorTests {
    /// A fixed, valid hash (bcrypt cost 4 of "secret", from `htpasswd -nbB -C 4`), so before/after texts are exact.
    static let hash = "$2y$04$Q5L2szk0qrWnV24r/wuUqumP8Ay6Qd8q7ay5vz2VIkvPSs.nusvwS"
    static let other = "$6$saltsalt$TVLlQcbpFVof5W3Yz4DTP6gRstiNuHwwTt6GLc1E5n0U0aDehy0S5knV8wiOQSpT0Y77vwPZN.Pq.H91p5hVO1"

    static let original = """
        # users of the team realm
        ann:$1$abcdefgh$abcdefghijklmnopqrstuv:Ann Smith   # lead

        bob:XGQ0Ojh4UVDJo
        """ + "\n"

    @Test func add_appendsOneLineAndKeepsEverythingElse() throws {
        let edit = try PasswordFileEditor.add(user: "carol", hash: Self.hash, realName: "Carol C", schemeName: "bcrypt", to: Self.original, path: "pw")
        #expect(edit.text == Self.original + "carol:\(Self.hash):Carol C\n")
        #expect(edit.summary == "added user 'carol' (bcrypt)")
    }

    @Test(arguments: [
        ("", "carol:H\n"),
        ("x:y", "x:y\ncarol:H\n"),
        ("x:y\r\n", "x:y\r\ncarol:H\r\n"),
    ])
    func add_followsTheFileNewline(before: String, after: String) throws {
        let edit = try PasswordFileEditor.add(user: "carol", hash: Self.hash, realName: "", schemeName: "bcrypt", to: before, path: "pw")
        #expect(edit.text == after.replacingOccurrences(of: "H", with: Self.hash))
    }

    @Test func add_refusesAPresentUserAsRefusal() {
        #expect(throws: AdminFailure.refused("user 'bob' is already in pw (line 4)")) {
            try PasswordFileEditor.add(user: "bob", hash: Self.hash, realName: "", schemeName: "bcrypt", to: Self.original, path: "pw")
        }
    }

    @Test(arguments: ["", "a:b", "a\u{7}b", "a\nb", "#ann", "ann #x", " ann", "ann\t", String(repeating: "a", count: 300)])
    func add_refusesBadUserNames(user: String) {
        #expect(throws: AdminFailure.self) {
            try PasswordFileEditor.add(user: user, hash: Self.hash, realName: "", schemeName: "bcrypt", to: Self.original, path: "pw")
        }
    }

    @Test(arguments: ["Ann\u{1b}[31m", "Room #5", String(repeating: "r", count: 2000)])
    func add_refusesBadRealNames(realName: String) {
        #expect(throws: AdminFailure.self) {
            try PasswordFileEditor.add(user: "carol", hash: Self.hash, realName: realName, schemeName: "bcrypt", to: Self.original, path: "pw")
        }
    }

    @Test func delete_removesOnlyThatLine() throws {
        let edit = try PasswordFileEditor.delete(user: "ann", from: Self.original, path: "pw")
        #expect(edit.text == "# users of the team realm\n\nbob:XGQ0Ojh4UVDJo\n")
    }

    @Test func delete_removesShadowedDuplicatesToo() throws {
        let text = "ann:\(Self.hash)\nbob:x\nann:\(Self.other)\n"
        let edit = try PasswordFileEditor.delete(user: "ann", from: text, path: "pw")
        #expect(edit.text == "bob:x\n")
        #expect(edit.summary == "deleted user 'ann' (2 lines)")
    }

    @Test func delete_ofTheLastLineWithoutNewlineKeepsTheFileOpenEnded() throws {
        let edit = try PasswordFileEditor.delete(user: "bob", from: "ann:x\nbob:y", path: "pw")
        #expect(edit.text == "ann:x")
    }

    @Test func delete_refusesAnAbsentUser() {
        #expect(throws: AdminFailure.refused("no user 'zed' in pw")) {
            try PasswordFileEditor.delete(user: "zed", from: Self.original, path: "pw")
        }
    }

    @Test func setHash_replacesOnlyTheHashKeepingRealNameAndComment() throws {
        let edit = try PasswordFileEditor.setHash(Self.hash, of: "ann", schemeName: "bcrypt", in: Self.original, path: "pw")
        #expect(edit.text == Self.original.replacingOccurrences(of: "$1$abcdefgh$abcdefghijklmnopqrstuv", with: Self.hash))
    }

    @Test(arguments: [
        ("joe::Joe\n", "joe:H:Joe\n"),
        ("joe:  old  :Joe\n", "joe:  H  :Joe\n"),
        ("joe:x:1000:1000:Joe:/home/joe:/bin/sh\n", "joe:H:1000:1000:Joe:/home/joe:/bin/sh\n"),
        ("joe:old # c\n", "joe:H # c\n"),
        ("joe:*", "joe:H"),
    ])
    func setHash_handlesEveryLineShape(before: String, after: String) throws {
        let edit = try PasswordFileEditor.setHash(Self.hash, of: "joe", schemeName: "bcrypt", in: before, path: "pw")
        #expect(edit.text == after.replacingOccurrences(of: "H", with: Self.hash))
    }

    @Test func setHash_changesTheFirstOfDuplicates() throws {
        let text = "ann:old1\nann:old2\n"
        let edit = try PasswordFileEditor.setHash(Self.hash, of: "ann", schemeName: "bcrypt", in: text, path: "pw")
        #expect(edit.text == "ann:\(Self.hash)\nann:old2\n")
    }

    @Test func users_listsNamesOnceInFileOrder() {
        #expect(PasswordFileEditor.users(in: Self.original + "ann:dup\ncarol:x\n") == ["ann", "bob", "carol"])
    }

    @Test func everyResult_parsesWithTheServerParser() throws {
        let added = try PasswordFileEditor.add(user: "carol", hash: Self.hash, realName: "C", schemeName: "bcrypt", to: Self.original, path: "pw")
        let (file, _) = try PasswordFile.parse(added.text, path: "pw")
        #expect(file.entries.map(\.user) == ["ann", "bob", "carol"])
        #expect(file.entry(for: "carol")?.hash == PasswordHash(field: Self.hash))
        #expect(file.entry(for: "carol")?.realName == "C")
    }
}
