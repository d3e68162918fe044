import Foundation
import Glibc
import Protection
import Testing
@testable import Admin

/// Black-box tests of the built `htadm` and `gatehouse` (or its dev stand-in) executables.
@Suite struct ProcessTests {
    static let htpasswd = Executables.tool("htpasswd")
    static let python = Executables.tool("python3")

    /// Two processes each add 200 users to one password file at the same time; every edit
    /// must land (no lost update), and the file's comment must survive all 400 rewrites.
    @Test func concurrentEdits_twoProcessesTimes200_loseNothing() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let pw = dir.file("pw")
        try dir.write("pw", "# shared by two admins\n")
        let editsPerProcess = 200
        let script = """
            i=0
            while [ $i -lt \(editsPerProcess) ]; do
              printf 'pw\\n' | "$0" user add --password-stdin --cost 4 "$1" "$2$i" >/dev/null || exit 1
              i=$((i+1))
            done
            """
        let writers = try ["a", "b"].map { prefix in
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", script, Executables.gatehouse, pw, prefix]
            try process.run()
            return process
        }
        for writer in writers {
            writer.waitUntilExit()
            #expect(writer.terminationStatus == 0)
        }
        let text = try dir.read("pw")
        let (file, warnings) = try PasswordFile.parse(text, path: pw)
        #expect(warnings.isEmpty)
        #expect(text.hasPrefix("# shared by two admins\n"))
        let expected = Set(["a", "b"].flatMap { prefix in (0..<editsPerProcess).map { "\(prefix)\($0)" } })
        let lost = expected.subtracting(file.entries.map(\.user))
        #expect(lost.isEmpty, "\(lost.count) edits lost, e.g. \(lost.sorted().prefix(5))")
        #expect(file.entries.count == 2 * editsPerProcess)
        #expect(try dir.names() == ["pw", "pw.lock"])
    }

    /// The tool is killed (SIGKILL) after the new file is written and fsynced but before the
    /// rename: the old file is intact, the leftover is a dot-named temporary file the parsers
    /// never read, and the next edit works (the lock died with the process). The kill comes from
    /// an exit test (a child process running the command in-process) through the Admin library's
    /// test-only fault injection, so no shipped binary carries a crash hook.
    @Test(arguments: [true, false])
    func crashBeforeRename_leavesTheOldFileIntact(gatehouse: Bool) async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let original = "# team\nann:$2y$04$Q5L2szk0qrWnV24r/wuUqumP8Ay6Qd8q7ay5vz2VIkvPSs.nusvwS:Ann\n"
        try dir.write("pw", original)
        let path = dir.file("pw")

        await #expect(processExitsWith: .signal(SIGKILL)) { [path = path as String, gatehouse = gatehouse as Bool] in
            let console = ScriptedConsole(input: ["secret"])
            let context = AdminContext(console: console) { (_: String) throws(AdminFailure) in _ = kill(getpid(), SIGKILL) }
            if gatehouse {
                _ = AdminCommandLine.run(["user", "add", "--password-stdin", "--cost", "4", path, "bob"], context: context)
            } else {
                _ = HtadmCommandLine.run(["-adduser", path, "bob", "secret", "Bob"], context: context)
            }
        }

        #expect(try dir.read("pw") == original)
        let leftovers = try dir.names().filter { $0.hasPrefix(".gatehouse-edit-pw.") }
        #expect(leftovers.count == 1)
        if let leftover = leftovers.first {
            #expect(try dir.read(leftover).hasPrefix(original + "bob:"))  // the new file was complete
        }

        let after = try runProcess(Executables.gatehouse, ["user", "add", "--password-stdin", "--cost", "4", dir.file("pw"), "carol"], input: "x\n")
        #expect(after.status == 0, "\(after.errors)")
        #expect(try runProcess(Executables.gatehouse, ["user", "list", dir.file("pw")]).output == "ann\ncarol\n")
    }

    /// The shipped tools carry no crash hook: the environment variable that used to arm one
    /// changes nothing, and the edit is made.
    @Test(arguments: [true, false])
    func formerCrashHookVariable_isIgnoredByTheTools(gatehouse: Bool) throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try dir.write("pw", "ann:x\n")
        var environment = ProcessInfo.processInfo.environment
        environment["GATEHOUSE_TEST_CRASH_BEFORE_RENAME"] = "1"
        let result = gatehouse
            ? try runProcess(Executables.gatehouse, ["user", "add", "--password-stdin", "--cost", "4", dir.file("pw"), "bob"], input: "secret\n", environment: environment)
            : try runProcess(Executables.htadm, ["-adduser", dir.file("pw"), "bob", "secret", "Bob"], environment: environment)
        #expect(result.status == 0, "\(result.errors)")
        #expect(try dir.read("pw").hasPrefix("ann:x\nbob:$2y$"))
        #expect(try dir.names() == ["pw", "pw.lock"])
    }

    /// Files written by Apache's `htpasswd -B`, `-m`, `-s` and `-d` are checked correctly by
    /// `htadm -check` and by the server's own parser and verifier.
    @Test(.enabled(if: htpasswd != nil, "needs htpasswd (apache2-utils)"),
          arguments: [("-B", "$2y$"), ("-m", "$apr1$"), ("-s", "{SHA}"), ("-d", "")])
    func htpasswdFiles_areCheckedByHtadmAndTheServer(flag: String, prefix: String) throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let pw = dir.file("pw")
        let made = try runProcess(Self.htpasswd ?? "", ["-c", "-b", flag, pw, "ann", "s3cret"])
        #expect(made.status == 0, "\(made.errors)")
        #expect(try dir.read("pw").hasPrefix("ann:" + prefix))

        #expect(try runProcess(Executables.htadm, ["-check", pw, "ann", "s3cret"]) .output == "Correct\n")
        let wrong = try runProcess(Executables.htadm, ["-check", pw, "ann", "s3creT"])
        #expect(wrong.status == 1 && wrong.output == "Incorrect\n")

        let (file, _) = try PasswordFile.parse(try dir.read("pw"), path: pw)
        let verifier = HashingVerifier()
        #expect(verifier.verify(user: "ann", password: Array("s3cret".utf8), in: file) == .valid)
        #expect(verifier.verify(user: "ann", password: Array("wrong".utf8), in: file) != .valid)
    }

    /// A file written by `gatehouse user add` is accepted by `htpasswd -v`.
    @Test(.enabled(if: htpasswd != nil, "needs htpasswd (apache2-utils)"),
          arguments: [["--hash", "bcrypt"], ["--hash", "sha512"], ["--hash", "yescrypt"], ["--hash", "des", "--insecure-des"]])
    func gatehouseFiles_areAcceptedByHtpasswd(options: [String]) throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let pw = dir.file("pw")
        let add = try runProcess(Executables.gatehouse, ["user", "add", "--password-stdin"] + options + [pw, "ann"], input: "s3cret\n")
        #expect(add.status == 0, "\(add.errors)")
        #expect(try runProcess(Self.htpasswd ?? "", ["-v", "-b", pw, "ann", "s3cret"]).status == 0)
        #expect(try runProcess(Self.htpasswd ?? "", ["-v", "-b", pw, "ann", "wrong"]).status != 0)
    }

    /// `htadm` on a real terminal (a pty from Python): prompts appear, the user name and real
    /// name echo, the password is never echoed, and the stored password checks.
    @Test(.enabled(if: python != nil, "needs python3 for a pty"))
    func htadm_onARealTerminal_promptsWithoutEchoingPasswords() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try dir.write("pw", "")
        let driver = """
            import os, pty, select, sys
            tool, path = sys.argv[1], sys.argv[2]
            pid, fd = pty.fork()
            if pid == 0:
                os.execv(tool, [tool, "-adduser", path])
            seen = b""
            def expect(text):
                global seen
                while text not in seen:
                    ready, _, _ = select.select([fd], [], [], 20)
                    if not ready:
                        sys.exit("timed out waiting for %r; got %r" % (text, seen))
                    try:
                        chunk = os.read(fd, 1024)
                    except OSError:
                        chunk = b""
                    if not chunk:
                        sys.exit("end of output waiting for %r; got %r" % (text, seen))
                    seen += chunk
            for prompt, answer in [(b"Username: ", b"ann\\n"), (b"Password: ", b"tty-s3cret\\n"),
                                   (b"Verify: ", b"tty-s3cret\\n"), (b"Real name: ", b"Ann Tty\\n")]:
                expect(prompt)
                os.write(fd, answer)
            expect(b"added user")
            _, status = os.waitpid(pid, 0)
            sys.stdout.write(seen.decode("utf-8", "replace"))
            sys.exit(os.waitstatus_to_exitcode(status))
            """
        try dir.write("driver.py", driver)
        let run = try runProcess(Self.python ?? "", [dir.file("driver.py"), Executables.htadm, dir.file("pw")])
        #expect(run.status == 0, "\(run.errors) \(run.output)")
        let transcript = run.output
        #expect(transcript.contains("Username: ann"))
        #expect(transcript.contains("Real name: Ann Tty"))
        #expect(!transcript.contains("tty-s3cret"))
        #expect(try dir.read("pw").hasPrefix("ann:$2y$10$"))
        #expect(try dir.read("pw").hasSuffix(":Ann Tty\n"))
        #expect(try runProcess(Executables.htadm, ["-check", dir.file("pw"), "ann", "tty-s3cret"]).output == "Correct\n")
    }
}
