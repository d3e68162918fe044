import Foundation
import Protection
import Testing
@testable import Admin

@Suite struct GroupAndACLCommandTests {
    @Test func group_commandsEditTheFileAndPrintOneLineEach() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let gr = dir.file("gr")
        try dir.write("gr", "# groups\nstaff: ann\n")
        let steps: [([String], String)] = [
            (["set", gr, "ops", "staff", "bob"], "added group 'ops': staff, bob"),
            (["add-member", gr, "staff", "carol, dave@10.0.0.0/8"], "added carol, dave@10.0.0.0/8 to group 'staff'"),
            (["remove-member", gr, "ops", "bob"], "removed bob from group 'ops', now: staff"),
            (["set", gr, "web", "(ann, eve)@[::1]"], "added group 'web': (ann, eve)@[::1/128]"),
            (["del", gr, "web"], "deleted group 'web'"),
        ]
        for (args, summary) in steps {
            let result = runAdmin(["group"] + args)
            #expect(result.status == 0, "\(args): \(result.console.errors)")
            #expect(result.console.output == ["\(gr): \(summary)"])
        }
        #expect(try dir.read("gr") == "# groups\nstaff: ann, carol, dave@10.0.0.0/8\nops: staff\n")
        #expect(runAdmin(["group", "list", gr]).console.output == ["staff: ann, carol, dave@10.0.0.0/8", "ops: staff"])
        #expect(runAdmin(["group", "list", gr, "ops"]).console.output == ["ops: staff"])
    }

    @Test func group_usersOptionRefusesUnknownNames() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try dir.write("pw", "ann:x\n")
        try dir.write("gr", "staff: ann\n")
        let unknown = runAdmin(["group", "set", "--users", dir.file("pw"), dir.file("gr"), "ops", "zed"])
        #expect(unknown.status == 1)
        #expect(unknown.console.errors == ["gatehouse group: 'zed' is neither a user in \(dir.file("pw")) nor a group defined above 'ops'"])
        #expect(runAdmin(["group", "set", "--users", dir.file("pw"), dir.file("gr"), "ops", "ann", "staff"]).status == 0)
    }

    @Test(arguments: [
        (["set", "F", "All", "ann"], Int32(2)),
        (["set", "F", "staff", "ops"], 1),
        (["set", "F", "staff", "(ann"], 2),
        (["set", "F", "staff"], 2),
        (["add-member", "F", "nope", "ann"], 1),
        (["del", "F", "staff"], 1),
        (["del", "F"], 2),
        (["frob", "F"], 2),
    ] as [([String], Int32)])
    func group_refusalsLeaveTheFileUnchanged(args: [String], status: Int32) throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let original = "staff: ann   # x\nops: staff\n"
        try dir.write("F", original)
        let result = runAdmin(["group"] + args.map { $0 == "F" ? dir.file("F") : $0 })
        #expect(result.status == status)
        #expect(result.console.errors.count == 1)
        #expect(try dir.read("F") == original)
    }

    @Test func acl_allowRevokeList() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let acl = dir.file(".www_acl")
        let allow = runAdmin(["acl", "allow", dir.path, "*.html", "--methods", "get,put", "--who", "staff, ann"])
        #expect(allow.status == 0)
        #expect(allow.console.output == ["\(acl): allowed: *.html : GET,PUT : staff, ann"])
        let attributes = try FileManager.default.attributesOfItem(atPath: acl)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o644)

        #expect(runAdmin(["acl", "allow", dir.path, "*.html", "--methods", "PUT,GET", "--who", "bob"]).status == 0)
        #expect(runAdmin(["acl", "allow", dir.path, "*.html", "--methods", "GET", "--who", "bob"]).status == 0)
        #expect(runAdmin(["acl", "allow", dir.path, "*.html", "--methods", "GET", "--who", "bob"]).status == 1)
        #expect(try dir.read(".www_acl") == "*.html : GET,PUT : staff, ann, bob\n*.html : GET : bob\n")

        let revoke = runAdmin(["acl", "revoke", dir.path, "*.html", "--who", "bob"])
        #expect(revoke.status == 0)
        #expect(revoke.console.output == ["\(acl): revoked bob from '*.html': now *.html : GET,PUT : staff, ann; removed *.html : GET : bob"])
        #expect(runAdmin(["acl", "list", dir.path]).console.output == ["*.html : GET,PUT : staff, ann"])
        #expect(runAdmin(["acl", "list", dir.path, "x.pdf"]).console.output == [])
    }

    @Test(arguments: [
        ["allow", "D", "*.html", "--who", "ann"],
        ["allow", "D", "*.html", "--methods", "GET"],
        ["allow", "D", "a/b", "--methods", "GET", "--who", "ann"],
        ["allow", "D", "*.html", "--methods", "G-T", "--who", "ann"],
        ["allow", "D", "*.html", "--methods", "GET", "--who", "ann,"],
        ["allow", "D/missing", "*", "--methods", "GET", "--who", "ann"],
        ["revoke", "D", "*.html", "--who", "ann"],
        ["list", "D", "--who", "ann"],
    ])
    func acl_errorsExitTwoAndWriteNothing(args: [String]) throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let result = runAdmin(["acl"] + args.map { $0.replacingOccurrences(of: "D", with: dir.path, options: .anchored) })
        #expect(result.status == 2)
        #expect(result.console.errors.count == 1)
        #expect(try dir.names() == [] || dir.names() == [".www_acl.lock"])
    }

    @Test(arguments: ["group", "acl"])
    func help_isPrintedOnStandardOutput(command: String) {
        let result = runAdmin([command, "--help"])
        #expect(result.status == 0)
        #expect(result.console.output.first?.hasPrefix("usage: gatehouse \(command)") == true)
    }

    /// `gatehouse check` reads the files these commands write without an error: a whole
    /// configuration built only with the tools passes `ProtectionChecker`.
    @Test func toolWrittenFiles_passGatehouseCheck() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try FileManager.default.createDirectory(atPath: dir.file("www/docs"), withIntermediateDirectories: true)
        try dir.write("www/docs/a.html", "hello")
        try dir.write("httpd.conf", """
            Protection docs {
                ServerId Docs
                PasswordFile passwd
                GroupFile group
            }
            DefProt /docs/* docs
            Pass /* \(dir.path)/www/*
            """ + "\n")
        let commands: [[String]] = [
            ["user", "add", "--password-stdin", "--cost", "4", dir.file("passwd"), "ann"],
            ["user", "add", "--password-stdin", "--cost", "4", dir.file("passwd"), "bob"],
            ["group", "set", dir.file("group"), "staff", "ann", "bob@127.0.0.1"],
            ["group", "set", dir.file("group"), "leads", "staff"],
            ["acl", "allow", dir.file("www/docs"), "*.html", "--methods", "GET", "--who", "leads"],
        ]
        for args in commands {
            let result = runAdmin(args, input: ["pw"])
            #expect(result.status == 0, "\(args): \(result.console.errors)")
        }
        var files: [String: String] = [:]
        for name in ["httpd.conf", "passwd", "group", "www/docs/a.html", "www/docs/.www_acl", "www/docs/.www_acl.lock"] {
            files[dir.file(name)] = try dir.read(name)
        }
        let report = ProtectionChecker.check(configPath: dir.file("httpd.conf"), fileSystem: InMemoryFileSystem(files))
        #expect(report.errors.isEmpty, "\(report.errors)")
        #expect(report.users == 2 && report.groups == 2 && report.aclFiles == 1)
    }
}
