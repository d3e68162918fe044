import Glibc
import Testing
@testable import Transport

/// Operations relative to an open directory: they stay in it whatever happens to its path.
@Suite struct DirectoryHandleTests {
    @Test func temporaryFile_renameAndUnlink_actInTheOpenDirectory() throws {
        let root = try TestFiles.makeDirectory()
        defer { TestFiles.removeTree(root) }
        let directory = try DirectoryHandle.open(root)
        defer { directory.close() }
        #expect(try directory.realPath() == FileSystem.realPath(root))

        let (fd, name) = try directory.makeTemporaryFile(prefix: ".tmp-")
        #expect(name.hasPrefix(".tmp-") && name.utf8.count == 5 + DirectoryHandle.temporarySuffixLength)
        #expect(try FileSystem.fstat(fd).mode == 0o600)
        try FileSystem.writeAll(fd, Array("data".utf8))
        try fd.close()
        try directory.rename(name, to: "doc")
        #expect(try directory.status(of: "doc").size == 4)
        #expect(throws: Errno.noSuchFile) { try directory.status(of: name) }
        try directory.unlink("doc")
        #expect(throws: Errno.noSuchFile) { try directory.status(of: "doc") }
        try directory.sync()
    }

    @Test func afterTheDirectoryIsMovedAndItsPathIsALink_theHandleStillNamesTheOriginal() throws {
        let root = try TestFiles.makeDirectory()
        defer { TestFiles.removeTree(root) }
        #expect(mkdir(root + "/a", 0o755) == 0 && mkdir(root + "/elsewhere", 0o755) == 0)
        let directory = try DirectoryHandle.open(root + "/a")
        defer { directory.close() }
        #expect(rename(root + "/a", root + "/moved") == 0 && symlink(root + "/elsewhere", root + "/a") == 0)
        #expect(try directory.realPath() == FileSystem.realPath(root + "/moved"))
        let (fd, name) = try directory.makeTemporaryFile(prefix: ".t-")
        try fd.close()
        try directory.rename(name, to: "doc")
        #expect(try FileSystem.readDirectory(root + "/elsewhere").isEmpty)
        #expect(try FileSystem.readDirectory(root + "/moved") == ["doc"])
    }

    @Test(arguments: ["", ".", "..", "../x", "a/b", "/etc/passwd"])
    func names_thatCouldLeaveTheDirectory_areRefused(_ name: String) throws {
        let root = try TestFiles.makeDirectory()
        defer { TestFiles.removeTree(root) }
        let directory = try DirectoryHandle.open(root)
        defer { directory.close() }
        #expect(throws: Errno.invalidArgument) { try directory.status(of: name) }
        #expect(throws: Errno.invalidArgument) { try directory.unlink(name) }
        #expect(throws: Errno.invalidArgument) { try directory.rename(name, to: "x") }
        #expect(throws: Errno.invalidArgument) { try directory.rename("x", to: name) }
    }

    @Test func temporaryFilePrefix_withASlash_isRefused() throws {
        let root = try TestFiles.makeDirectory()
        defer { TestFiles.removeTree(root) }
        let directory = try DirectoryHandle.open(root)
        defer { directory.close() }
        #expect(throws: Errno.invalidArgument) { try directory.makeTemporaryFile(prefix: "../") }
        #expect(try FileSystem.readDirectory(root).isEmpty)
    }
}
