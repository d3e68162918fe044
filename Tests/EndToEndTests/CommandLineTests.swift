import Foundation
import Testing

/// `gatehouse check` and `gatehouse explain` on the bundled samples, as a user runs them.
struct CommandLineTests {
    /// Runs the built `gatehouse` with `args`; returns exit status, stdout and stderr.
    fileprivate static func gatehouse(_ args: [String], stdin: String? = nil, cwd: String? = nil) throws -> (Int32, String, String) {
        let process = Process()
        process.executableURL = CLIPaths.binary("gatehouse")
        process.arguments = args
        process.currentDirectoryURL = URL(fileURLWithPath: cwd ?? CLIPaths.repositoryRoot)
        let out = Pipe(), err = Pipe(), input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self))
    }

    @Test func check_passesOnTheSamples() throws {
        let (status, out, err) = try Self.gatehouse(["check"])
        #expect(status == 0, "\(err)")
        #expect(out.contains("OK: 4 rules, 3 setups, 4 users, 4 groups, 1 ACL file"), "\(out)")
    }

    @Test func check_reportsFileAndLineAndExits1() throws {
        let dir = NSTemporaryDirectory() + "gh-check-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try "Pass /* /tmp/*\nFrobnicate yes\nProtect /x/* nosuch\n".write(toFile: dir + "/httpd.conf", atomically: true, encoding: .utf8)
        let (status, _, err) = try Self.gatehouse(["check", "--config", dir + "/httpd.conf"])
        #expect(status == 1)
        #expect(err.contains("\(dir)/httpd.conf:2: unknown directive 'Frobnicate'"), "\(err)")
        #expect(err.contains("\(dir)/httpd.conf:3: protection 'nosuch' is not defined"), "\(err)")
    }

    @Test(arguments: [
        (["/"], 0, "HTTP/1.1 200 OK", "step 15"),
        (["/team/"], 1, "HTTP/1.1 401 Unauthorized", "WWW-Authenticate: Basic realm=\"Gatehouse Team\", charset=\"UTF-8\""),
        (["--user", "ann", "--password", "ann-secret", "/team/"], 0, "HTTP/1.1 200 OK", "step 8     ok"),
        (["--user", "carl", "--password", "carl-secret", "/team/"], 1, "HTTP/1.1 401 Unauthorized", "does not match GetMask team"),
        (["--user", "ann", "--password", "wrong", "/team/"], 1, "HTTP/1.1 401 Unauthorized", "step 6–7   FAIL  wrong password"),
        (["--user", "ann", "--password", "ann-secret", "/docs/secret.html"], 1, "HTTP/1.1 403 Forbidden", "step 10    FAIL"),
        (["--user", "ann", "--password", "ann-secret", "/team/missing.html"], 1, "HTTP/1.1 404 Not Found", "step 13–14"),
        (["--from", "10.0.0.5", "--user", "bob", "--password", "bob-secret", "/lab/"], 1, "HTTP/1.1 403 Forbidden", "admits address 10.0.0.5"),
        (["--user", "carl", "--password", "carl-secret", "/docs/drafts-1.html"], 0, "HTTP/1.1 200 OK", "step 11–12 ok"),
        (["/docs/.www_acl"], 1, "HTTP/1.1 404 Not Found", "never served"),
        (["--method", "PUT", "--user", "carl", "--password", "carl-secret", "/docs/drafts-1.html"], 0, "HTTP/1.1 204 No Content", "PUT may create or replace"),
        (["--method", "PUT", "--user", "bob", "--password", "bob-secret", "/docs/drafts-1.html"], 1, "HTTP/1.1 401 Unauthorized", "step 11–12 FAIL"),
        (["--method", "PUT", "--user", "ann", "--password", "ann-secret", "/docs/.www_acl"], 1, "HTTP/1.1 403 Forbidden", "never written"),
    ] as [([String], Int32, String, String)])
    func explain_showsEachOutcomeOnTheSamples(args: [String], exit: Int32, statusLine: String, fragment: String) throws {
        let (status, out, err) = try Self.gatehouse(["explain"] + args)
        #expect(status == exit, "\(out)\(err)")
        #expect(out.contains(statusLine), "\(out)")
        #expect(out.contains(fragment), "\(out)")
        #expect(!out.contains("ann-secret") && !out.contains("carl-secret") && !out.contains("bob-secret"))
    }

    @Test func explain_readsThePasswordFromStandardInput() throws {
        let (status, out, _) = try Self.gatehouse(["explain", "--user", "bob", "--password-stdin", "/team/"], stdin: "bob-secret\n")
        #expect(status == 0, "\(out)")
        #expect(out.contains("as 'bob'"))
    }

    @Test func explain_rejectsTraversalLikeTheServer() throws {
        let (status, out, _) = try Self.gatehouse(["explain", "/%2e%2e/etc/passwd"])
        #expect(status == 1)
        #expect(out.contains("HTTP/1.1 400 Bad Request"), "\(out)")
    }
}

/// Where the repository and the built executables are.
enum CLIPaths {
    static let repositoryRoot: String = {
        var url = URL(fileURLWithPath: #filePath)
        while url.path != "/" {
            url.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url.path }
        }
        return FileManager.default.currentDirectoryPath
    }()

    /// An executable built by SwiftPM, next to the test bundle.
    static func binary(_ name: String) -> URL {
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = dir.appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            dir.deleteLastPathComponent()
        }
        return URL(fileURLWithPath: repositoryRoot + "/.build/debug/" + name)
    }
}
