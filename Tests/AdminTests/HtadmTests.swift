import Foundation
import Testing
@testable import Admin

@Suite struct HtadmTests {
    @Test func operations_followCERNUsageWithTheNewExitCodes() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let pw = dir.file("pw")
        #expect(runHtadm(["-create", pw]).status == 0)
        #expect(try dir.read("pw") == "")
        #expect(runHtadm(["-create", pw]).status == 1)

        let add = runHtadm(["-adduser", pw, "ann", "secret", "Ann", "Smith"])
        #expect(add.status == 0 && add.console.output == ["\(pw): added user 'ann' (bcrypt)"])
        #expect(try dir.read("pw").hasPrefix("ann:$2y$10$"))
        #expect(try dir.read("pw").hasSuffix(":Ann Smith\n"))
        #expect(runHtadm(["-adduser", pw, "ann", "other", "X"]).status == 1)

        let correct = runHtadm(["-check", pw, "ann", "secret"])
        #expect(correct.status == 0 && correct.console.output == ["Correct"])
        let incorrect = runHtadm(["-check", pw, "ann", "wrong"])
        #expect(incorrect.status == 1 && incorrect.console.output == ["Incorrect"])
        #expect(runHtadm(["-check", pw, "nobody", "secret"]).console.output == ["Incorrect"])

        #expect(runHtadm(["-passwd", pw, "ann", "n3w"]).status == 0)
        #expect(runHtadm(["-check", pw, "ann", "n3w"]).status == 0)
        #expect(try dir.read("pw").hasSuffix(":Ann Smith\n"))
        #expect(runHtadm(["-passwd", pw, "zed", "x"]).status == 1)

        #expect(runHtadm(["-deluser", pw, "zed"]).status == 1)
        #expect(runHtadm(["-deluser", pw, "ann"]).status == 0)
        #expect(try dir.read("pw") == "")
    }

    @Test func missingValues_areReadOnePerLineWhenNotATerminal() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try dir.write("pw", "")
        let add = runHtadm(["-adduser", dir.file("pw")], input: ["bob", "hunter2", "Bob B"])
        #expect(add.status == 0)
        #expect(add.console.prompts.isEmpty)
        #expect(try dir.read("pw").hasSuffix(":Bob B\n"))
        #expect(runHtadm(["-check", dir.file("pw")], input: ["bob", "hunter2"]).console.output == ["Correct"])
        #expect(runHtadm(["-check", dir.file("pw"), "bob"], input: ["nope"]).console.output == ["Incorrect"])
    }

    @Test func missingValues_arePromptedOnATerminal() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try dir.write("pw", "")
        let add = runHtadm(["-adduser", dir.file("pw")], input: ["", "bob", "pw1", "pw1", "Bob"], interactive: true)
        #expect(add.status == 0)
        #expect(add.console.prompts.map(\.0) == ["Username: ", "Username: ", "Password: ", "Verify: ", "Real name: "])
        #expect(add.console.prompts.map(\.1) == [true, true, false, false, true])
        let check = runHtadm(["-check", dir.file("pw"), "bob"], input: ["pw1"], interactive: true)
        #expect(check.console.prompts.map(\.0) == ["Password: "])
        #expect(check.console.output == ["Correct"])
    }

    @Test func mismatchedPasswordsThreeTimes_giveUpWithoutWriting() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try dir.write("pw", "")
        let result = runHtadm(["-adduser", dir.file("pw"), "bob"], input: ["a", "b", "c", "d", "e", "f"], interactive: true)
        #expect(result.status == 2)
        #expect(try dir.read("pw") == "")
    }

    @Test(arguments: [
        [], ["-frob", "F"], ["-adduser"], ["-deluser", "F", "a", "b"], ["-passwd", "F", "a", "b", "c"],
        ["-check", "F", "a", "b", "c"], ["-create", "F", "x"],
    ])
    func usageErrors_exitTwoWithOneLine(args: [String]) throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try dir.write("F", "a:x\n")
        let result = runHtadm(args.map { $0 == "F" ? dir.file("F") : $0 })
        #expect(result.status == 2)
        #expect(result.console.errors.count == 1)
        #expect(result.console.errors.first?.hasPrefix("htadm: ") == true)
        #expect(try dir.read("F") == "a:x\n")
    }

    @Test func missingFile_isAFileError() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let result = runHtadm(["-adduser", dir.file("none"), "ann", "x", "Ann"])
        #expect(result.status == 2)
        #expect(result.console.errors == ["htadm: \(dir.file("none")): no such file"])
        #expect(!FileManager.default.fileExists(atPath: dir.file("none")))
    }

    @Test(arguments: [
        (["-adduser", "F", "u", "pw", "Real"], 3),
        (["-passwd", "F", "u", "pw"], 3),
        (["-check", "F", "u", "pw"], 3),
        (["-check", "F", "u"], nil),
        (["-deluser", "F", "u"], nil),
    ] as [([String], Int?)])
    func passwordArgumentIndex_findsThePasswordToScrub(args: [String], index: Int?) {
        #expect(HtadmCommandLine.passwordArgumentIndex(args) == index)
    }

    @Test func help_printsTheCERNUsage() {
        let result = runHtadm(["-help"])
        #expect(result.status == 0)
        #expect(result.console.output == [HtadmCommandLine.usage])
        #expect(HtadmCommandLine.usage.contains("htadm -adduser FILE [USER [PASSWORD [REALNAME...]]]"))
    }
}
