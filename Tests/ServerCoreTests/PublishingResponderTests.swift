import Foundation
import HTTPWire
import Protection
import Testing
import Transport
@testable import ServerCore

/// PUT and DELETE without sockets: heads in, the sink fed by hand, plans and files out.
struct PublishingResponderTests {
    /// `/pub/` open to anybody for every method (the Gate has its own tests); bodies up to 64 bytes.
    static let conf = """
    Enable PUT
    Enable DELETE
    MaxBodySize 64
    Protection pub {
        ServerId Pub
        PasswordFile passwd
        GroupFile group
        Mask Anybody
    }
    Protect /pub/* pub
    Pass /* ../www/*
    """

    let tree: TempTree
    let loop: TestLoop

    init() throws {
        tree = try TempTree(conf: Self.conf)
        loop = try TestLoop(tree)
    }

    func handle(_ raw: String) throws -> ServiceReply { try loop.reply(raw) }

    func plan(_ raw: String) throws -> ResponsePlan { try loop.plan(raw) }


    func sink(_ raw: String) throws -> RequestBodySink {
        guard case .receiveBody(let sink, _, _) = try handle(raw) else { throw Unexpected() }
        return sink
    }

    /// Feeds `body` to the sink, then waits for `finish`.
    func upload(_ sink: RequestBodySink, _ body: String) async -> ResponsePlan {
        let refusal = Array(body.utf8).withUnsafeBytes { sink.write($0) }
        if let refusal { return refusal }
        return await withCheckedContinuation { (done: CheckedContinuation<ResponsePlan, Never>) in
            sink.finish { done.resume(returning: $0) }
        }
    }

    func put(_ path: String, _ body: String, fields: [String] = []) async throws -> ResponsePlan {
        let head = "PUT \(path) HTTP/1.1\r\nHost: x\r\nContent-Length: \(body.utf8.count)\r\n" + fields.map { $0 + "\r\n" }.joined() + "\r\n"
        return try await upload(sink(head), body)
    }

    func currentETag(_ path: String) throws -> String {
        let p = try plan("HEAD \(path) HTTP/1.1\r\nHost: x\r\n\r\n")
        return try #require(p.head.etag).headerValue
    }

    func text(_ relative: String) -> String? { try? String(contentsOfFile: tree.root + "/" + relative, encoding: .utf8) }

    func mode(_ relative: String) throws -> Int {
        try #require(FileManager.default.attributesOfItem(atPath: tree.root + "/" + relative)[.posixPermissions] as? Int)
    }

    func leftovers() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: tree.root + "/www/pub").filter { $0.hasPrefix(".gatehouse-") }
    }

    func header(_ plan: ResponsePlan, _ name: String) -> String? {
        plan.head.fields.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    struct Unexpected: Error {}

    @Test func put_newDocument_is201WithLocationETagAndMode0644() async throws {
        let p = try await put("/pub/new%20doc.txt?v=1", "hello")
        #expect(p.head.status == .created)
        #expect(header(p, "Location") == "/pub/new%20doc.txt")
        #expect(text("www/pub/new doc.txt") == "hello")
        #expect(p.head.etag?.headerValue == (try currentETag("/pub/new%20doc.txt")))
        #expect(try mode("www/pub/new doc.txt") == 0o644)
        #expect(try leftovers().isEmpty)
    }

    @Test func put_existingDocument_is204AndKeepsItsMode() async throws {
        try FileManager.default.setAttributes([.posixPermissions: 0o640], ofItemAtPath: tree.root + "/www/pub/a.txt")
        let p = try await put("/pub/a.txt", "replaced")
        #expect(p.head.status == .noContent)
        guard case .none = p.body else { Issue.record("204 with a body"); return }
        #expect(p.head.contentLength == nil)
        #expect(text("www/pub/a.txt") == "replaced")
        #expect(try mode("www/pub/a.txt") == 0o640)
        #expect(p.head.etag?.headerValue == (try currentETag("/pub/a.txt")))
    }

    @Test func put_emptyBody_createsAnEmptyDocument() async throws {
        let head = "PUT /pub/empty.txt HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n"
        guard case .receiveBody(let sink, .length(0), _) = try handle(head) else { Issue.record("no body sink"); return }
        let p = await upload(sink, "")
        #expect(p.head.status == .created)
        #expect(text("www/pub/empty.txt") == "")
    }

    @Test func put_chunked_isReceived() async throws {
        let head = "PUT /pub/a.txt HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
        guard case .receiveBody(let sink, .chunked, _) = try handle(head) else { Issue.record("no chunked sink"); return }
        #expect(await upload(sink, "chunked body").head.status == .noContent)
        #expect(text("www/pub/a.txt") == "chunked body")
    }

    @Test func put_aborted_leavesTheOldDocumentAndNoTemporaryFile() throws {
        let s = try sink("PUT /pub/a.txt HTTP/1.1\r\nHost: x\r\nContent-Length: 20\r\n\r\n")
        #expect(try leftovers().count == 1)
        #expect(Array("half".utf8).withUnsafeBytes { s.write($0) } == nil)
        s.abort()
        #expect(text("www/pub/a.txt") == "0123456789")
        #expect(try leftovers().isEmpty)
    }

    @Test func put_chunkedBodyPastTheLimit_is413AndLeavesNothing() throws {
        let s = try sink("PUT /pub/a.txt HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n")
        let refusal = Array(repeating: UInt8(ascii: "x"), count: 65).withUnsafeBytes { s.write($0) }
        #expect(refusal?.head.status == .contentTooLarge)
        #expect(refusal?.close == true)
        s.abort()
        #expect(text("www/pub/a.txt") == "0123456789")
        #expect(try leftovers().isEmpty)
    }

    @Test(arguments: [
        ("PUT /pub/a.txt HTTP/1.1\r\nHost: x\r\nContent-Length: 65\r\n\r\n", 413),
        ("PUT /pub/a.txt HTTP/1.1\r\nHost: x\r\n\r\n", 411),
        ("PUT /pub/a.txt HTTP/1.0\r\n\r\n", 411),
        ("PUT /pub/a.txt HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nContent-Range: bytes 0-2/10\r\n\r\n", 400),
        ("PUT /pub/a.txt HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nIf-Match: \"stale\"\r\n\r\n", 412),
        ("PUT /pub/a.txt HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nIf-None-Match: *\r\n\r\n", 412),
        ("PUT /pub/absent.txt HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nIf-Match: *\r\n\r\n", 412),
        ("PUT /pub/a.txt HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nIf-Unmodified-Since: Thu, 01 Jan 1970 00:00:01 GMT\r\n\r\n", 412),
        ("PUT /pub/ HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\n", 403),
        ("PUT /pub HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\n", 403),
        ("PUT /pub/nodir/a.txt HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\n", 404),
        ("PUT /pub/.gatehouse-put-x HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\n", 403),
    ])
    func put_refusedBeforeTheBody(request: String, status: Int) throws {
        let p = try plan(request)
        #expect(p.head.status.code == status, "\(p.head.status)")
        #expect(text("www/pub/a.txt") == "0123456789")
        #expect(try leftovers().isEmpty)
        #expect(!FileManager.default.fileExists(atPath: tree.root + "/www/pub/absent.txt"))
    }

    @Test(arguments: [true, false])
    func put_refusedWhileTheClientAwaits100Continue_closes(expects: Bool) throws {
        let expect = expects ? "Expect: 100-continue\r\n" : ""
        let p = try plan("PUT /pub/a.txt HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nIf-Match: \"stale\"\r\n\(expect)\r\n")
        #expect(p.head.status == .preconditionFailed)
        #expect(p.close == expects)
    }

    @Test func put_matchingIfMatch_replaces() async throws {
        let etag = try currentETag("/pub/a.txt")
        #expect(try await put("/pub/a.txt", "new", fields: ["If-Match: \(etag)"]).head.status == .noContent)
        #expect(text("www/pub/a.txt") == "new")
    }

    @Test func put_documentChangedDuringTheUpload_is412AtCommit() async throws {
        let etag = try currentETag("/pub/a.txt")
        let s = try sink("PUT /pub/a.txt HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nIf-Match: \(etag)\r\n\r\n")
        // Another writer replaces the document while this body is still arriving.
        try Data("other writer".utf8).write(to: URL(fileURLWithPath: tree.root + "/www/pub/a.txt"), options: .atomic)
        #expect(await upload(s, "mine").head.status == .preconditionFailed)
        #expect(text("www/pub/a.txt") == "other writer")
        #expect(try leftovers().isEmpty)
    }

    @Test(.enabled(if: getuid() != 0, "root writes into read-only directories"))
    func put_intoAnUnwritableDirectory_is403AndNamesThePathInTheErrorLog() throws {
        let directory = tree.root + "/www/pub"
        try FileManager.default.setAttributes([.posixPermissions: 0o555], ofItemAtPath: directory)
        defer { try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: directory) }
        let p = try plan("PUT /pub/new.txt HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\n")
        #expect(p.head.status == .forbidden)
        #expect(p.errorNote?.hasPrefix("PUT \(directory)/new.txt: 403, mkostemp: ") == true, "\(p.errorNote ?? "nil")")
        guard case .bytes(let body) = p.body else { Issue.record("no error page"); return }
        #expect(!String(decoding: body, as: UTF8.self).contains(tree.root))
    }

    @Test func delete_existing_is204AndRemovesIt() throws {
        let p = try plan("DELETE /pub/a.txt HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(p.head.status == .noContent)
        #expect(!FileManager.default.fileExists(atPath: tree.root + "/www/pub/a.txt"))
    }

    @Test(arguments: [
        ("DELETE /pub/absent.txt HTTP/1.1\r\nHost: x\r\n\r\n", 404),
        ("DELETE /pub/absent.txt HTTP/1.1\r\nHost: x\r\nIf-Match: *\r\n\r\n", 404),
        ("DELETE /pub/a.txt HTTP/1.1\r\nHost: x\r\nIf-Match: \"stale\"\r\n\r\n", 412),
        ("DELETE /pub HTTP/1.1\r\nHost: x\r\n\r\n", 403),
        ("DELETE /pub/ HTTP/1.1\r\nHost: x\r\n\r\n", 403),
    ])
    func delete_refused(request: String, status: Int) throws {
        #expect(try plan(request).head.status.code == status)
        #expect(text("www/pub/a.txt") == "0123456789")
    }

    @Test func delete_withoutEnable_is405() throws {
        let tree = try TempTree(conf: Self.conf.replacingOccurrences(of: "Enable DELETE", with: "Enable DELETE\nDisable DELETE"))
        let p = try TestLoop(tree).plan("DELETE /pub/a.txt HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(p.head.status == .methodNotAllowed)
        #expect(header(p, "Allow") == "GET, HEAD, OPTIONS, PUT")
    }

    @Test func failure_ofASystemCall_goesToTheErrorLogButNotToTheClient() throws {
        let head = try RequestHead(parsing: Array("PUT /pub/a.txt HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\n".utf8))
        let responder = PublishingResponder(builder: ResponseBuilder(for: head, date: "Mon, 23 Nov 2026 12:00:00 GMT"), maxBodyBytes: 64)
        let full = responder.failure(PublishingFailure(Errno(ENOSPC, call: "write")), head, path: "/srv/www/a.txt", user: "ann")
        #expect(full.head.status.code == 507)
        #expect(full.errorNote?.hasPrefix("PUT /srv/www/a.txt: 507, write: ") == true, "\(full.errorNote ?? "nil")")
        guard case .bytes(let body) = full.body else { Issue.record("no error page"); return }
        #expect(!String(decoding: body, as: UTF8.self).contains("/srv/www"))
        // A refusal that is the client's own doing is not a server error.
        #expect(responder.failure(.preconditionFailed, head, path: "/srv/www/a.txt", user: nil).errorNote == nil)
    }

    @Test func failure_mapsErrnoToTheAnswer() {
        #expect(PublishingFailure(Errno(EACCES)).status == .forbidden)
        #expect(PublishingFailure(Errno(EROFS)).status == .forbidden)
        #expect(PublishingFailure(Errno(ENOSPC)).status.code == 507)
        #expect(PublishingFailure(Errno(EDQUOT)).status.code == 507)
        #expect(PublishingFailure(Errno(EIO)).status == .internalServerError)
        #expect(PublishingFailure(Errno(EISDIR)).status == .forbidden)
    }
}
