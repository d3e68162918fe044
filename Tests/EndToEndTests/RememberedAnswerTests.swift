import Foundation
import Glibc
import Testing

/// The loop's remembered answers (frequent small documents answered without routing) must never
/// outlive what they were made from: an edit, a new `.www_acl`, a symbolic link swapped in, or
/// a reload is seen by the very next request on the same connection.
struct RememberedAnswerTests {
    /// GET `path` on `connection` (keep-alive), twice, so the second answer is a remembered one.
    static func warm(_ connection: RawConnection, _ path: String) throws -> WireResponse {
        _ = try get(connection, path)
        return try get(connection, path)
    }

    static func get(_ connection: RawConnection, _ path: String) throws -> WireResponse {
        try connection.send("GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        return try connection.readResponse()
    }

    @Test func inPlaceEdit_ofTheSameSize_isSeenAtOnce() async throws {
        try await withServer(workers: 1) { server in
            let connection = try server.connect()
            let before = try Self.warm(connection, "/pub/readme.txt")
            #expect(before.status == 200)
            let text = String(decoding: before.body, as: UTF8.self)
            let edited = String(text.reversed())
            // Same size, same second, same inode: only the watcher can tell.
            let fd = open(server.site.path("www/pub/readme.txt"), O_WRONLY)
            _ = Array(edited.utf8).withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, 0) }
            close(fd)
            let after = try Self.get(connection, "/pub/readme.txt")
            #expect(after.bodyText == edited, "stale: \(after.bodyText)")
        }
    }

    @Test func renamedOver_isSeenAtOnce() async throws {
        try await withServer(workers: 1) { server in
            let connection = try server.connect()
            _ = try Self.warm(connection, "/")
            try server.site.write("www/index.html", "<p>replaced</p>\n")
            #expect(try Self.get(connection, "/").bodyText == "<p>replaced</p>\n")
        }
    }

    @Test func aNewACLFile_protectsAtOnce() async throws {
        try await withServer(workers: 1) { server in
            let connection = try server.connect()
            #expect(try Self.warm(connection, "/pub/readme.txt").status == 200)
            try server.site.write("www/pub/.www_acl", "*.txt : GET : team\n")
            let after = try Self.get(connection, "/pub/readme.txt")
            #expect(after.status != 200, "an ACL file turned protection on: \(after)")
        }
    }

    @Test func aDirectorySwappedForASymlinkOutOfTheTree_isNotFollowed() async throws {
        try await withServer(workers: 1) { server in
            let outside = server.site.path("outside")
            try FileManager.default.createDirectory(atPath: outside, withIntermediateDirectories: true)
            try "secret outside the tree\n".write(toFile: outside + "/readme.txt", atomically: true, encoding: .utf8)
            let connection = try server.connect()
            #expect(try Self.warm(connection, "/pub/readme.txt").status == 200)
            try FileManager.default.moveItem(atPath: server.site.path("www/pub"), toPath: server.site.path("www/pub-old"))
            try FileManager.default.createSymbolicLink(atPath: server.site.path("www/pub"), withDestinationPath: outside)
            let after = try Self.get(connection, "/pub/readme.txt")
            #expect(after.status == 404, "\(after)")
            #expect(!after.bodyText.contains("secret outside"))
        }
    }

    @Test func theWholeTreeSwapped_isSeenAtOnce_thoughWritesBesideItAreNot() async throws {
        try await withServer(workers: 1) { server in
            let connection = try server.connect()
            let before = try Self.warm(connection, "/pub/readme.txt")
            #expect(before.status == 200)
            // Beside the tree (where a log often is): the remembered answer stays right.
            try server.site.write("notes.txt", "not served\n")
            #expect(try Self.get(connection, "/pub/readme.txt").body == before.body)
            // The tree's directory itself swapped for another: seen by the next request.
            let fm = FileManager.default
            try fm.moveItem(atPath: server.site.path("www"), toPath: server.site.path("www-old"))
            try fm.createDirectory(atPath: server.site.path("www/pub"), withIntermediateDirectories: true)
            try server.site.write("www/pub/readme.txt", "from the new tree\n")
            #expect(try Self.get(connection, "/pub/readme.txt").bodyText == "from the new tree\n")
        }
    }

    @Test func aReload_isSeenAtOnce() async throws {
        try await withServer(workers: 1) { server in
            let connection = try server.connect()
            #expect(try Self.warm(connection, "/pub/readme.txt").status == 200)
            try server.site.write("protection/httpd.conf", "Fail /pub/*\n" + server.site.read("protection/httpd.conf"))
            // The reloader looks once a second; each poll is a new connection to the one worker.
            #expect(try await server.eventually(within: 5) { try server.get("/pub/readme.txt").status == 403 })
        }
    }
}
