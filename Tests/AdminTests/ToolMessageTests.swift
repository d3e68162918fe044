import Foundation
import Protection
import Testing
@testable import Admin

/// What the tools tell a newcomer (issue 16, items 4 and 5), and that they read protection
/// files with the server's own line grammar (issue 15: Admin on `LogicalLine`).
@Suite struct ToolMessageTests {
    /// The server's parser reads `\r# Gate:x` as a comment (fuzz finding 2); `user list` used its
    /// own copy of the line rules, where a CR was not blank, and listed a user `# Gate`.
    @Test(arguments: ["\r# Gate:x\nann:x\n", "ann:x\n\r#bob:y\n", "#\u{301}carl:x\nann:x\n"])
    func userList_readsLinesAsTheServerDoes(text: String) throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try dir.write("pw", text)
        let list = runAdmin(["user", "list", dir.file("pw")])
        #expect(list.status == 0, "\(list.console.errors)")
        #expect(list.console.output == ["ann"])
        #expect(list.console.output == (try PasswordFile.parse(text, path: "/p")).0.entries.map(\.user))
    }

    /// Editing next to such a line keeps it a comment, byte for byte.
    @Test func userAdd_keepsACRCommentLineAComment() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try dir.write("pw", "\r# Gate:x\nann:x\n")
        let add = runAdmin(["user", "add", "--password-stdin", "--cost", "4", dir.file("pw"), "bob"], input: ["pw"])
        #expect(add.status == 0, "\(add.console.errors)")
        #expect(try dir.read("pw").hasPrefix("\r# Gate:x\nann:x\nbob:$2y$04$"))
        #expect(runAdmin(["user", "list", dir.file("pw")]).console.output == ["ann", "bob"])
    }

    /// `--methods` takes only methods an ACL entry can name, as the `.www_acl` parser does.
    @Test(arguments: [("FOO", "unknown method 'FOO'"), ("GET,GTE", "unknown method 'GTE'"), ("G-T", "'G-T' is not a method name")])
    func aclAllow_refusesUnknownMethods(methods: String, message: String) throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let allow = runAdmin(["acl", "allow", dir.path, "*.html", "--methods", methods, "--who", "ann"])
        #expect(allow.status == 2)
        #expect(allow.console.errors.count == 1)
        #expect(allow.console.errors.first?.hasPrefix("gatehouse acl: --methods: \(message)") == true, "\(allow.console.errors)")
        #expect(try dir.names().isEmpty)
    }

    @Test func htadm_version_printsTheReleaseAndExitsZero() throws {
        let result = runHtadm(["--version"])
        #expect(result.status == 0)
        #expect(result.console.output == ["htadm (Gatehouse \(GatehouseVersion.string))"])
        #expect(result.console.errors.isEmpty)
        // The built tools agree on the release.
        let htadm = try runProcess(Executables.htadm, ["--version"])
        let gatehouse = try runProcess(Executables.gatehouse, ["--version"])
        #expect(htadm.status == 0 && gatehouse.status == 0)
        #expect(htadm.output == "htadm (Gatehouse \(GatehouseVersion.string))\n")
        #expect(gatehouse.output == "Gatehouse \(GatehouseVersion.string)\n")
    }

    /// Run where there is no `protection/` (or with a `--config` naming nothing), every command
    /// that reads the rule file says where it looked, once, and what to do.
    @Test(arguments: [["check"], ["explain", "/"], ["check", "--config", "nothere.conf"]])
    func missingRuleFile_saysWhereAndWhatToDo(args: [String]) throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let result = try runProcess(Executables.gatehouse, args, directory: dir.path)
        let path = URL(fileURLWithPath: dir.path).resolvingSymlinksInPath().path + "/" + (args.count == 3 ? "nothere.conf" : "protection/httpd.conf")
        #expect(result.status != 0)
        #expect(result.output.isEmpty)
        #expect(result.errors == "gatehouse \(args[0]): no rule file at \(path); run from the directory that holds protection/, or pass --config\n")
    }

    /// An IPv6 address without brackets: the message shows the bracketed form.
    @Test func serve_unbracketedIPv6Address_suggestsBrackets() throws {
        let result = try runProcess(Executables.gatehouse, ["serve", "--listen", "::1:8080", "--config", "/nonexistent/httpd.conf"])
        #expect(result.status == 2)
        #expect(result.errors.contains("bad address '::1:8080': an IPv6 address goes in brackets: '[::1]:8080'"), "\(result.errors)")
    }

    /// The bundled samples pass `check` with no warning (the new Pass-target check included).
    @Test func check_onTheSamplesIsClean() throws {
        let result = try runProcess(Executables.gatehouse, ["check", "--config", Repository.root + "/protection/httpd.conf"])
        #expect(result.status == 0, "\(result.errors)")
        #expect(result.errors.isEmpty)
        #expect(result.output.hasSuffix(": OK: 4 rules, 3 setups, 4 users, 4 groups, 1 ACL file\n"), "\(result.output)")
    }

    /// `gatehouse check` fails a Pass rule whose directory is missing, at its line.
    @Test func check_missingPassDirectoryIsAnErrorAtItsLine() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try dir.write("httpd.conf", "# typo below\nPass /* ../wwww/*\n")
        let result = try runProcess(Executables.gatehouse, ["check", "--config", dir.file("httpd.conf")])
        #expect(result.status == 1)
        let parent = URL(fileURLWithPath: dir.path).deletingLastPathComponent().path
        #expect(result.errors.hasPrefix("\(dir.file("httpd.conf")):2: Pass target directory '\(parent)/wwww' does not exist"), "\(result.errors)")
    }
}

/// Where the repository is, from this file's path.
enum Repository {
    static var root: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    }
}
