import Foundation
import Glibc

/// A private copy of the repository's sample `www/` and `protection/` in a fresh temporary
/// directory, so a test can edit files (reload tests, symlinks, odd names) without touching the
/// repository or another test. The sample rule file's relative paths keep working in the copy.
struct TestSite: Sendable {
    /// The temporary directory holding `www/`, `protection/` and the logs.
    let root: URL

    /// The repository root, found from this file's path (`Tests/EndToEndTests/TestSite.swift`).
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Copies the samples into a new temporary directory.
    static func make() throws -> TestSite {
        let root = FileManager.default.temporaryDirectory
            .appendingPathComponent("gatehouse-e2e-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        for name in ["www", "protection"] {
            try FileManager.default.copyItem(at: repositoryRoot.appendingPathComponent(name),
                                             to: root.appendingPathComponent(name))
        }
        return TestSite(root: root)
    }

    /// The absolute path of `relative` inside the site (`www/pub/x`, `protection/group`).
    func path(_ relative: String) -> String { root.appendingPathComponent(relative).path }

    /// The rule file.
    var ruleFile: String { path("protection/httpd.conf") }
    /// The access log the server is told to write.
    var accessLog: String { path("access.log") }
    /// The error log the server is told to write.
    var errorLog: String { path("error.log") }
    /// Where the server's standard error goes.
    var serverStderr: String { path("stderr.txt") }

    /// The text of `relative` (empty when missing).
    func read(_ relative: String) -> String {
        (try? String(contentsOfFile: path(relative), encoding: .utf8)) ?? ""
    }

    /// Replaces `relative` the way editors do: a new file renamed over the old one.
    func write(_ relative: String, _ text: String) throws {
        try Data(text.utf8).write(to: URL(fileURLWithPath: path(relative)), options: .atomic)
    }

    /// Rewrites `relative` in place (same inode) with `text`, which must have the same length as
    /// the current contents, then restores the old modification time: the file's size, inode and
    /// mtime are unchanged, so only a forced reload (SIGHUP) can notice the edit.
    func overwriteKeepingStamp(_ relative: String, _ text: String) throws {
        let file = path(relative)
        var before = stat()
        guard stat(file, &before) == 0 else { throw WireError("stat \(file): errno \(errno)") }
        let bytes = Array(text.utf8)
        guard bytes.count == Int(before.st_size) else {
            throw WireError("overwriteKeepingStamp needs \(before.st_size) bytes, got \(bytes.count)")
        }
        let fd = open(file, O_WRONLY)
        guard fd >= 0 else { throw WireError("open \(file): errno \(errno)") }
        let written = bytes.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, 0) }
        close(fd)
        guard written == bytes.count else { throw WireError("pwrite \(file) wrote \(written)") }
        var times = [before.st_atim, before.st_mtim]
        guard utimensat(AT_FDCWD, file, &times, 0) == 0 else { throw WireError("utimensat \(file): errno \(errno)") }
    }

    /// The user a server started by root serves as (its default `UserId`).
    static let servedUser = "nobody"
    static let servedGroup = "nogroup"

    /// When the tests run as root, gives the whole site to the user the server will switch to,
    /// as a real deployment owns its tree: documents readable and writable, keys readable after
    /// the privilege drop. Does nothing otherwise.
    func giveToServedUser() throws {
        guard geteuid() == 0 else { return }
        let result = try ExternalTool.run("chown", ["-R", "\(TestSite.servedUser):\(TestSite.servedGroup)", root.path], scratch: URL(fileURLWithPath: "/tmp"))
        guard result.status == 0 else { throw WireError("chown: \(result.stderr)") }
    }

    /// Deletes the whole temporary directory.
    func remove() {
        try? FileManager.default.removeItem(at: root)
    }
}
