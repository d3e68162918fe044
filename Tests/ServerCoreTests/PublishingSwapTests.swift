import Foundation
import Testing
import Transport
@testable import ServerCore

/// A local user who may write in the document tree swaps a directory for a symbolic link while
/// an upload is under way: the server writes only into the directory the router checked.
extension PublishingResponderTests {
    /// Moves `www/pub/sub` aside to `www/pub/sub-moved` and puts a symbolic link to `outside`
    /// (a directory beside the tree) in its place.
    func swapSubdirectoryForALinkOutside() throws {
        let fm = FileManager.default
        try fm.createDirectory(atPath: tree.root + "/outside", withIntermediateDirectories: true)
        try fm.moveItem(atPath: tree.root + "/www/pub/sub", toPath: tree.root + "/www/pub/sub-moved")
        try fm.createSymbolicLink(atPath: tree.root + "/www/pub/sub", withDestinationPath: tree.root + "/outside")
    }

    func outsideEntries() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: tree.root + "/outside")
    }

    @Test func put_directorySwappedForALinkMidUpload_writesIntoTheCheckedDirectoryOnly() async throws {
        try tree.write("www/pub/sub/doc.txt", "old")
        let body = "new"
        let receiving = try sink("PUT /pub/sub/doc.txt HTTP/1.1\r\nHost: x\r\nContent-Length: \(body.utf8.count)\r\n\r\n")
        try swapSubdirectoryForALinkOutside()
        let answer = await upload(receiving, body)
        #expect(answer.head.status == .noContent, "\(answer.head)")
        #expect(try outsideEntries().isEmpty)
        #expect(text("www/pub/sub-moved/doc.txt") == "new")
    }

    @Test func put_createInASwappedDirectory_neverCreatesOutside() async throws {
        try tree.write("www/pub/sub/keep.txt", "keep")
        let receiving = try sink("PUT /pub/sub/fresh.txt HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\n")
        try swapSubdirectoryForALinkOutside()
        let answer = await upload(receiving, "fresh")
        #expect(answer.head.status == .created, "\(answer.head)")
        #expect(try outsideEntries().isEmpty)
        #expect(text("www/pub/sub-moved/fresh.txt") == "fresh")
    }

    @Test func target_openedThroughALinkToAnotherDirectory_isMovedAndClosed() throws {
        try tree.write("www/pub/sub/doc.txt", "old")
        let checked = try FileSystem.realPath(tree.root + "/www/pub/sub")
        let target = try PublishingTarget.open(tree.root + "/www/pub/sub/doc.txt", checkedDirectory: checked)
        #expect(try target.currentStatus()?.size == 3)
        target.close()
        try swapSubdirectoryForALinkOutside()
        #expect(throws: PublishingFailure.moved) {
            try PublishingTarget.open(self.tree.root + "/www/pub/sub/doc.txt", checkedDirectory: checked)
        }
        #expect(PublishingFailure.moved.status.code == 409)
    }

    @Test func target_ofAVanishedDirectory_is404() {
        #expect(throws: PublishingFailure.vanished) {
            try PublishingTarget.open(self.tree.root + "/www/pub/none/doc.txt", checkedDirectory: self.tree.root + "/www/pub/none")
        }
    }
}
