import Glibc
import Testing
@testable import Transport

/// A watch reports the entries it was asked about, and only those: a loop that watches the
/// directories above its tree for the one entry on the way down must not drop its caches every
/// time a log line is written beside the tree.
@Suite struct DirectoryWatcherTests {
    /// Reads the pending events (inotify queues them at once, before the syscall returns).
    static func changes(_ watcher: DirectoryWatcher) -> Int {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 * 1024, alignment: 8)
        defer { buffer.deallocate() }
        return watcher.drain(into: buffer)
    }

    @Test func aWatchForOneName_ignoresItsSiblings_andSeesThatName() throws {
        let directory = try TestFiles.makeDirectory()
        defer { TestFiles.removeTree(directory) }
        try TestFiles.write(Array("old\n".utf8), to: directory + "/www")
        let watcher = try DirectoryWatcher()
        #expect(watcher.watch(directory, for: .names(["www"])))

        try TestFiles.write(Array("a log line\n".utf8), to: directory + "/access.log")
        #expect(Self.changes(watcher) == 0, "a sibling's write is not a change")

        try TestFiles.write(Array("new\n".utf8), to: directory + "/www")
        #expect(Self.changes(watcher) > 0, "the watched entry's write is a change")
        #expect(Self.changes(watcher) == 0, "drained")
    }

    @Test func aWatchForEverything_seesEveryEntry() throws {
        let directory = try TestFiles.makeDirectory()
        defer { TestFiles.removeTree(directory) }
        let watcher = try DirectoryWatcher()
        #expect(watcher.watch(directory))
        try TestFiles.write(Array("x\n".utf8), to: directory + "/any")
        #expect(Self.changes(watcher) > 0)
    }

    @Test func interestsOnOneDirectory_add_up() throws {
        let directory = try TestFiles.makeDirectory()
        defer { TestFiles.removeTree(directory) }
        let watcher = try DirectoryWatcher()
        #expect(watcher.watch(directory, for: .names(["a"])))
        #expect(watcher.isWatching(directory, for: .names(["a"])))
        #expect(!watcher.isWatching(directory, for: .names(["b"])))
        #expect(watcher.watch(directory, for: .names(["b"])))
        #expect(watcher.isWatching(directory, for: .names(["a", "b"])))
        #expect(!watcher.isWatching(directory, for: .everything))
        #expect(watcher.count == 1)

        try TestFiles.write(Array("x\n".utf8), to: directory + "/b")
        #expect(Self.changes(watcher) > 0, "the widened interest holds the second name")
        try TestFiles.write(Array("x\n".utf8), to: directory + "/c")
        #expect(Self.changes(watcher) == 0)

        #expect(watcher.watch(directory, for: .everything))
        try TestFiles.write(Array("y\n".utf8), to: directory + "/c")
        #expect(Self.changes(watcher) > 0, "everything covers every name")
    }

    /// A new directory `name` in a temporary parent, watched for `interest`.
    static func watchedSubdirectory(_ name: String, for interest: DirectoryWatcher.Interest) throws
        -> (parent: String, directory: String, watcher: DirectoryWatcher) {
        let parent = try TestFiles.makeDirectory()
        let directory = parent + "/" + name
        #expect(mkdir(directory, 0o755) == 0)
        let watcher = try DirectoryWatcher()
        #expect(watcher.watch(directory, for: interest))
        return (parent, directory, watcher)
    }

    @Test func theDirectoryItself_alwaysMatters() throws {
        let (parent, directory, watcher) = try Self.watchedSubdirectory("tree", for: .names([]))
        defer { TestFiles.removeTree(parent) }
        try TestFiles.write(Array("x\n".utf8), to: directory + "/entry")
        #expect(Self.changes(watcher) == 0, "no entry was asked about")

        #expect(rename(directory, parent + "/moved") == 0)
        #expect(Self.changes(watcher) > 0, "the directory moved away")
        #expect(chmod(parent + "/moved", 0o700) == 0)
        #expect(Self.changes(watcher) > 0, "its own attributes changed")
    }

    @Test func aRemovedDirectory_losesItsWatch() throws {
        let (parent, directory, watcher) = try Self.watchedSubdirectory("gone", for: .names(["x"]))
        defer { TestFiles.removeTree(parent) }
        #expect(rmdir(directory) == 0)
        #expect(Self.changes(watcher) > 0)
        #expect(!watcher.isWatching(directory))
        #expect(watcher.count == 0)
    }
}
