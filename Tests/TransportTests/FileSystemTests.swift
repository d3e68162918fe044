import Glibc
import Testing
@testable import Transport

@Suite struct FileSystemTests {
    @Test func temporaryFile_writeFsyncRenameRoundTrips() throws {
        let directory = try TestFiles.makeDirectory()
        defer { TestFiles.removeTree(directory) }
        let target = directory + "/passwd"
        try TestFiles.write(Array("old\n".utf8), to: target)

        let (fd, temporary) = try FileSystem.makeTemporaryFile(inDirectory: directory, prefix: ".passwd.")
        #expect(temporary.hasPrefix(directory + "/.passwd."))
        #expect(temporary.utf8.count == (directory + "/.passwd.").utf8.count + 6)
        #expect(try FileSystem.fstat(fd).mode == 0o600, "mkostemp creates 0600")
        let content = Array("alice:$2b$10$abc\nbob:xyz\n".utf8)
        try FileSystem.writeAll(fd, content)
        try FileSystem.fchmod(fd, mode: 0o640)
        try FileSystem.fsync(fd)
        try fd.close()
        try FileSystem.rename(temporary, to: target)
        try FileSystem.fsyncDirectory(directory)

        #expect(try FileSystem.readWholeFile(target, limit: 1024) == content)
        let status = try FileSystem.stat(target)
        #expect(status.kind == .regular)
        #expect(status.size == Int64(content.count))
        #expect(status.mode == 0o640)
        #expect(status.modificationSeconds > 1_600_000_000)
        #expect(throws: Errno.noSuchFile) { try FileSystem.stat(temporary) }
        #expect(try FileSystem.readDirectory(directory) == ["passwd"])
    }

    @Test(arguments: [(0, 0, true), (10, 10, true), (10, 9, false), (70_000, 70_000, true), (70_000, 69_999, false)])
    func readWholeFile_enforcesTheLimit(size: Int, limit: Int, accepted: Bool) throws {
        let directory = try TestFiles.makeDirectory()
        defer { TestFiles.removeTree(directory) }
        let path = directory + "/file"
        let content = patternBytes(count: size, seed: 3)
        try TestFiles.write(content, to: path)
        if accepted {
            #expect(try FileSystem.readWholeFile(path, limit: limit) == content)
        } else {
            #expect(throws: Errno.fileTooLarge) { try FileSystem.readWholeFile(path, limit: limit) }
        }
    }

    @Test func readWholeFile_refusesDirectoriesAndMissingFiles() throws {
        let directory = try TestFiles.makeDirectory()
        defer { TestFiles.removeTree(directory) }
        #expect(throws: Errno.isDirectory) { try FileSystem.readWholeFile(directory, limit: 100) }
        #expect(throws: Errno.noSuchFile) { try FileSystem.readWholeFile(directory + "/missing", limit: 100) }
    }

    @Test func paths_withNULAreRefusedNotTruncated() throws {
        let directory = try TestFiles.makeDirectory()
        defer { TestFiles.removeTree(directory) }
        try TestFiles.write([1], to: directory + "/a")
        #expect(throws: Errno.invalidArgument) { try FileSystem.stat(directory + "/a\u{0}.acl") }
        #expect(throws: Errno.invalidArgument) { try FileSystem.openForReading(directory + "/a\u{0}x") }
        #expect(throws: Errno.invalidArgument) { try FileSystem.makeTemporaryFile(inDirectory: directory, prefix: "a/b") }
    }

    @Test func realPath_resolvesSymbolicLinksAndLstatSeesThem() throws {
        let directory = try FileSystem.realPath(try TestFiles.makeDirectory())
        defer { TestFiles.removeTree(directory) }
        try TestFiles.makeSubdirectory(directory + "/docs")
        try TestFiles.write(Array("x".utf8), to: directory + "/docs/page.html")
        try TestFiles.symlink("docs", at: directory + "/link")
        #expect(try FileSystem.realPath(directory + "/link/page.html") == directory + "/docs/page.html")
        #expect(try FileSystem.realPath(directory + "/docs/../link/./page.html") == directory + "/docs/page.html")
        #expect(try FileSystem.lstat(directory + "/link").kind == .symbolicLink)
        #expect(try FileSystem.stat(directory + "/link").kind == .directory)
        #expect(throws: Errno.noSuchFile) { try FileSystem.realPath(directory + "/link/missing") }
        #expect(try FileSystem.readDirectory(directory) == ["docs", "link"])
    }

    @Test func flock_excludesASecondOpenFileDescription() throws {
        let directory = try TestFiles.makeDirectory()
        defer { TestFiles.removeTree(directory) }
        let path = directory + "/lock"
        let first = try FileSystem.openOrCreate(path)
        defer { first.closeIgnoringErrors() }
        let second = try FileSystem.openOrCreate(path)
        defer { second.closeIgnoringErrors() }
        try FileSystem.flock(first, exclusive: true)
        #expect(try FileSystem.tryFlock(second, exclusive: true) == false)
        #expect(try FileSystem.tryFlock(second, exclusive: false) == false)
        try FileSystem.unlock(first)
        #expect(try FileSystem.tryFlock(second, exclusive: true) == true)
        #expect(try FileSystem.tryFlock(first, exclusive: false) == false)
        try second.close()
        #expect(try FileSystem.tryFlock(first, exclusive: false) == true, "closing releases the lock")
    }

    @Test func fstat_reportsIdentityAndOwner() throws {
        let directory = try TestFiles.makeDirectory()
        defer { TestFiles.removeTree(directory) }
        let path = directory + "/f"
        try TestFiles.write([1, 2], to: path)
        let fd = try FileSystem.openForReading(path)
        defer { fd.closeIgnoringErrors() }
        let viaFD = try FileSystem.fstat(fd)
        let viaPath = try FileSystem.stat(path)
        #expect(viaFD == viaPath)
        #expect(viaFD.inode != 0)
        // Chown to the current owner: permitted without privileges, and must not fail.
        let writable = try FileSystem.openOrCreate(path)
        defer { writable.closeIgnoringErrors() }
        try FileSystem.fchown(writable, userID: viaFD.userID, groupID: viaFD.groupID)
    }

    @Test func pread_readsAtAnOffsetWithoutMovingIt() throws {
        let directory = try TestFiles.makeDirectory()
        defer { TestFiles.removeTree(directory) }
        let path = directory + "/f"
        try TestFiles.write(Array("0123456789".utf8), to: path)
        let fd = try FileSystem.openForReading(path)
        defer { fd.closeIgnoringErrors() }
        var buffer = [UInt8](repeating: 0, count: 4)
        let count = try buffer.withUnsafeMutableBytes { try FileSystem.read(fd, into: $0, at: 3) }
        #expect(count == 4)
        #expect(buffer == Array("3456".utf8))
        #expect(try FileSystem.readWholeFile(fd, limit: 100) == Array("0123456789".utf8))
    }

    @Test func readLine_splitsLinesAndFailsClosed() throws {
        let directory = try TestFiles.makeDirectory()
        defer { TestFiles.removeTree(directory) }
        let path = directory + "/input"
        try TestFiles.write(Array("first\nsecond\r\n\nlast".utf8) + [0xFF, 0x0A] + Array(repeating: UInt8(ascii: "a"), count: 20), to: path)
        let fd = try FileSystem.openForReading(path)
        defer { fd.closeIgnoringErrors() }
        #expect(try FileSystem.readLine(fd) == "first")
        #expect(try FileSystem.readLine(fd) == "second")
        #expect(try FileSystem.readLine(fd) == "")
        #expect(throws: Errno.illegalByteSequence) { try FileSystem.readLine(fd) }
        #expect(throws: Errno.lineTooLong) { try FileSystem.readLine(fd, limit: 10) }
        #expect(try FileSystem.readLine(fd) == "aaaaaaaaa", "the rest after the refused part")
        #expect(try FileSystem.readLine(fd) == nil)
    }

    @Test func currentDirectoryAndTerminal() throws {
        let cwd = try FileSystem.currentDirectory()
        #expect(cwd.hasPrefix("/"))
        #expect(try FileSystem.stat(cwd).kind == .directory)
        let directory = try TestFiles.makeDirectory()
        defer { TestFiles.removeTree(directory) }
        let fd = try FileSystem.openOrCreate(directory + "/f")
        defer { fd.closeIgnoringErrors() }
        #expect(!FileSystem.isTerminal(fd))
    }

    @Test func openForAppending_appendsAfterExistingContent() throws {
        let directory = try TestFiles.makeDirectory()
        defer { TestFiles.removeTree(directory) }
        let path = directory + "/access.log"
        for line in ["one\n", "two\n"] {
            let fd = try FileSystem.openForAppending(path)
            try FileSystem.writeAll(fd, Array(line.utf8))
            try fd.close()
        }
        #expect(try FileSystem.readWholeFile(path, limit: 100) == Array("one\ntwo\n".utf8))
        let mode = try FileSystem.stat(path).mode
        #expect(mode & ~0o644 == 0, "created with at most 0644 (umask may remove more): \(String(mode, radix: 8))")
        let restricted = try FileSystem.openForAppending(directory + "/error.log", mode: 0o600)
        defer { restricted.closeIgnoringErrors() }
        #expect(try FileSystem.fstat(restricted).mode == 0o600)
    }

    @Test func setTerminalEcho_failsOnAFileInsteadOfPretending() throws {
        let directory = try TestFiles.makeDirectory()
        defer { TestFiles.removeTree(directory) }
        let fd = try FileSystem.openOrCreate(directory + "/f")
        defer { fd.closeIgnoringErrors() }
        #expect(throws: Errno(ENOTTY)) { try FileSystem.setTerminalEcho(fd, enabled: false) }
    }

    @Test func raiseOpenFileLimit_reachesTheHardLimit() throws {
        let raised = try ProcessLimits.raiseOpenFileLimit()
        #expect(raised > 0)
        #expect(try ProcessLimits.raiseOpenFileLimit() == raised, "already at the hard limit")
        var limit = rlimit()
        #expect(getrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limit) == 0)
        #expect(Int(clamping: limit.rlim_cur) == raised)
    }

    @Test func errno_describesTheCallAndMessage() {
        #expect(Errno(ENOENT, call: "open").description == "open: No such file or directory (errno 2)")
        #expect(Errno(ENOENT) == Errno.noSuchFile)
        #expect(Errno.fileTooLarge.message == "File too large")
    }
}
