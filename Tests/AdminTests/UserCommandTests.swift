import Foundation
import Protection
import Testing
@testable import Admin

@Suite struct UserCommandTests {
    @Test func add_thenCheckPasswdDelAndList() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let pw = dir.file("pw")
        try dir.write("pw", "# realm users\n")

        let add = runAdmin(["user", "add", "--password-stdin", "--cost", "4", "--realname", "Ann Smith", pw, "ann"], input: ["s3cret"])
        #expect(add.status == 0)
        #expect(add.console.output == ["\(pw): added user 'ann' (bcrypt)"])
        let line = try dir.read("pw").split(separator: "\n")[1]
        #expect(line.hasPrefix("ann:$2y$04$") && line.hasSuffix(":Ann Smith"))

        #expect(runAdmin(["user", "check", "--password-stdin", pw, "ann"], input: ["s3cret"]).console.output == ["Correct"])
        let wrong = runAdmin(["user", "check", "--password-stdin", pw, "ann"], input: ["nope"])
        #expect(wrong.status == 1 && wrong.console.output == ["Incorrect"])

        let passwd = runAdmin(["user", "passwd", "--password-stdin", "--hash", "sha512", pw, "ann"], input: ["n3w"])
        #expect(passwd.status == 0 && passwd.console.output == ["\(pw): changed the password of 'ann' (SHA-512-crypt)"])
        #expect(try dir.read("pw").contains(":Ann Smith"))
        #expect(runAdmin(["user", "check", "--password-stdin", pw, "ann"], input: ["n3w"]).status == 0)

        let list = runAdmin(["user", "list", pw])
        #expect(list.status == 0 && list.console.output == ["ann"])

        let del = runAdmin(["user", "del", pw, "ann"])
        #expect(del.status == 0 && del.console.output == ["\(pw): deleted user 'ann'"])
        #expect(try dir.read("pw") == "# realm users\n")
    }

    @Test func add_createsAMissingFile() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let result = runAdmin(["user", "add", "--password-stdin", "--cost", "4", dir.file("pw"), "ann"], input: ["x"])
        #expect(result.status == 0)
        #expect(result.console.output == ["\(dir.file("pw")): added user 'ann' (bcrypt) to a new file"])
    }

    @Test(arguments: [
        (["yescrypt"], "$y$"),
        (["sha512"], "$6$"),
        (["bcrypt", "--cost", "5"], "$2y$05$"),
        (["des", "--insecure-des"], ""),
    ])
    func add_writesTheAskedScheme(options: [String], prefix: String) throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let result = runAdmin(["user", "add", "--password-stdin", "--hash"] + options + [dir.file("pw"), "ann"], input: ["secret"])
        #expect(result.status == 0)
        let hash = try dir.read("pw").dropFirst("ann:".count).dropLast()
        #expect(hash.hasPrefix(prefix))
        if prefix.isEmpty { #expect(hash.count == 13) }
        #expect(runAdmin(["user", "check", "--password-stdin", dir.file("pw"), "ann"], input: ["secret"]).status == 0)
    }

    @Test(arguments: [
        ["user", "add", "--password-stdin", "--hash", "des", "F", "ann"],
        ["user", "add", "--password-stdin", "--hash", "md4", "F", "ann"],
        ["user", "add", "--password-stdin", "--cost", "3", "F", "ann"],
        ["user", "add", "--password-stdin", "--hash", "sha512", "--cost", "5", "F", "ann"],
        ["user", "add", "F"],
        ["user", "add", "F", "ann", "extra"],
        ["user", "frob", "F", "ann"],
        ["user"],
        ["user", "list", "F", "ann"],
        ["user", "del", "--realname", "x", "F", "ann"],
        ["user", "add", "--bogus", "F", "ann"],
    ])
    func usageErrors_exitTwoWithOneLine(args: [String]) throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try dir.write("F", "bob:x\n")
        let result = runAdmin(args.map { $0 == "F" ? dir.file("F") : $0 }, input: ["secret"])
        #expect(result.status == 2)
        #expect(result.console.errors.count == 1)
        #expect(result.console.errors.first?.hasPrefix("gatehouse user: ") == true)
        #expect(try dir.read("F") == "bob:x\n")
    }

    @Test(arguments: [
        (["add", "bob"], Int32(1)),
        (["del", "zed"], 1),
        (["passwd", "zed"], 1),
        (["add", "a:b"], 2),
        (["add", "a\u{7}"], 2),
        (["add", ""], 2),
        (["add", "#ann"], 2),
    ] as [([String], Int32)])
    func refusals_leaveTheFileUnchanged(args: [String], status: Int32) throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let original = "# users\nbob:x   # keep\n"
        try dir.write("pw", original)
        let result = runAdmin(["user", args[0], "--password-stdin", dir.file("pw"), args[1]].filter { !(args[0] == "del" && $0 == "--password-stdin") }, input: ["secret"])
        #expect(result.status == status)
        #expect(result.console.errors.count == 1)
        #expect(try dir.read("pw") == original)
    }

    @Test func add_refusesPasswordsThatCannotBeStored() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        for password in ["", "a\u{0}b", String(repeating: "p", count: PasswordHash.maxPasswordLength + 1)] {
            let result = runAdmin(["user", "add", "--password-stdin", dir.file("pw"), "ann"], input: [password])
            #expect(result.status == 2)
            #expect(!FileManager.default.fileExists(atPath: dir.file("pw")))
        }
    }

    @Test func add_withoutPasswordStdinNeedsATerminal() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let result = runAdmin(["user", "add", dir.file("pw"), "ann"], input: ["secret"])
        #expect(result.status == 2)
        #expect(result.console.errors.first?.contains("--password-stdin") == true)
    }

    @Test func add_onATerminalAsksTwiceWithoutEchoAndRetriesAMismatch() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let result = runAdmin(["user", "add", "--cost", "4", dir.file("pw"), "ann"], input: ["one", "two", "good", "good"], interactive: true)
        #expect(result.status == 0)
        #expect(result.console.prompts.map(\.0) == ["Password: ", "Verify: ", "Password: ", "Verify: "])
        #expect(result.console.prompts.allSatisfy { !$0.1 })
        #expect(result.console.errors == ["Mismatch, type password again"])
        #expect(runAdmin(["user", "check", "--password-stdin", dir.file("pw"), "ann"], input: ["good"]).status == 0)
    }

    @Test func list_neverPrintsHashes() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try dir.write("pw", "ann:$apr1$abcdefgh$abcdefghijklmnopqrstuv:Ann\nbob:XGQ0Ojh4UVDJo\n")
        let result = runAdmin(["user", "list", dir.file("pw")])
        #expect(result.console.output == ["ann", "bob"])
    }

    @Test func help_explainsTheOptionsAndDES() {
        let result = runAdmin(["user", "--help"])
        #expect(result.status == 0)
        let text = result.console.output.joined()
        #expect(text == UserCommand.usage)
        for phrase in ["--hash SCHEME", "--insecure-des", "old CERN servers", "--password-stdin", "bcrypt (default)", "cost"] {
            #expect(text.contains(phrase))
        }
    }

    @Test func unknownSubcommand_isAUsageError() {
        #expect(runAdmin(["serve"]).status == 2)
        #expect(runAdmin([]).status == 2)
    }
}
