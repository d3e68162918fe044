import Dispatch
import Foundation
import Glibc
import Synchronization
import Testing

/// Publishing (issue 6) against the real server: PUT and DELETE under `Enable`, `PutMask` /
/// `DeleteMask` and ACL method lists, atomic replacement, limits, preconditions and
/// `Expect: 100-continue`, on a copy of the samples with a rule file that enables both methods.
struct PublishingTests {
    /// The rule file: `/pub/` readable by anybody, writable by `authors`, deletable by `admins`;
    /// `/docs/` decided by its `.www_acl`.
    static let ruleFile = """
        # Publishing tests (PublishingTests.swift).
        Welcome index.html
        DirAccess Selective
        Enable PUT
        Enable DELETE
        MaxBodySize \(maxBody)
        # A stalled upload stays open until its client goes (the disconnect test needs that,
        # also when the suite's other tests keep it from looking for a minute).
        HeadTimeout 3600
        BodyTimeout 3600

        Protection pub {
            ServerId "Gatehouse Publishing"
            PasswordFile passwd
            GroupFile group
            GetMask Anybody
            PutMask authors
            DeleteMask admins
        }
        Protection docs setups/docs.setup

        DefProt /docs/* docs
        Protect /pub/* pub
        Pass /* ../www/*

        """

    /// `/docs/.www_acl`: GET and PUT rights differ per document.
    static let acl = """
        index.html : GET : All
        guide.html : GET : readers
        drafts*.html : GET,PUT : authors
        notes.html : GET : readers
        notes.html : PUT : authors

        """

    /// `MaxBodySize` in the rule file: 1 MiB.
    static let maxBody = 1024 * 1024
    /// Replacements in the concurrent-reader test.
    static let replacements = 200
    /// The most GETs the reader makes, whatever happens (bounds its loop).
    static let maxReads = 20_000
    /// How long a test waits for the server to create or remove an upload's temporary file
    /// (generous: the whole suite shares two cores).
    static let waitSeconds = 60.0
    /// The longest the concurrent-reader test may run.
    static let hammerSeconds = 120.0

    /// Installs the publishing rule file and ACL in the copied site.
    static func prepare(_ site: TestSite) throws {
        try site.write("protection/httpd.conf", ruleFile)
        try site.write("www/docs/.www_acl", acl)
        try site.write("www/docs/notes.html", "<p>notes v1</p>\n")
    }

    /// A PUT request with a `Content-Length` body, as `user` (password `<user>-secret`).
    static func put(_ path: String, _ body: [UInt8], as user: String? = nil, fields: [String] = [],
                    close: Bool = true) -> [UInt8] {
        var head = "PUT \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: \(body.count)\r\n"
        if close { head += "Connection: close\r\n" }
        if let user { head += "Authorization: \(TestServer.basic(user, "\(user)-secret"))\r\n" }
        for field in fields { head += field + "\r\n" }
        return Array((head + "\r\n").utf8) + body
    }

    /// Sends one PUT on a new connection and reads the answer.
    static func put(_ server: TestServer, _ path: String, _ text: String, as user: String? = nil,
                    fields: [String] = []) throws -> WireResponse {
        let connection = try server.connect()
        try connection.send(put(path, Array(text.utf8), as: user, fields: fields))
        return try connection.readResponse()
    }

    /// The names of upload temporaries left in `www/<directory>`.
    static func temporaries(_ site: TestSite, in directory: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: site.path("www/\(directory)"))) ?? [])
            .filter { $0.hasPrefix(".gatehouse-") }
    }

    /// The permission bits of the file at `path`.
    static func permissions(_ path: String) -> Int? {
        (try? FileManager.default.attributesOfItem(atPath: path))?[.posixPermissions] as? Int
    }

    @Test func put_createsWith201ThenReplacesWith204_andLogsIt() async throws {
        try await withServer(prepare: Self.prepare) { server in
            let created = try Self.put(server, "/pub/new%20page.html?draft=1", "<p>one</p>", as: "carl")
            #expect(created.status == 201, "\(created)")
            #expect(created.header("Location") == "/pub/new%20page.html", "\(created)")
            let file = server.site.path("www/pub/new page.html")
            #expect(server.site.read("www/pub/new page.html") == "<p>one</p>")
            #expect(Self.permissions(file) == 0o644)
            let first = try server.get("/pub/new%20page.html")
            #expect(first.bodyText == "<p>one</p>")
            #expect(created.header("ETag") != nil && created.header("ETag") == first.header("ETag"), "\(created)\n\(first)")

            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: file)
            let replaced = try Self.put(server, "/pub/new%20page.html", "<p>two</p>", as: "carl")
            #expect(replaced.status == 204, "\(replaced)")
            #expect(replaced.body.isEmpty && replaced.header("Content-Length") == nil, "\(replaced)")
            let second = try server.get("/pub/new%20page.html")
            #expect(second.bodyText == "<p>two</p>")
            #expect(replaced.header("ETag") == second.header("ETag"), "\(replaced)\n\(second)")
            #expect(replaced.header("ETag") != created.header("ETag"))
            #expect(Self.permissions(file) == 0o600)

            // Chunked (HTTP/1.1) works too.
            let chunked = try server.exchange("PUT /pub/chunked.txt HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                                              + "Authorization: \(TestServer.basic("carl", "carl-secret"))\r\n"
                                              + "Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n")
            #expect(chunked.status == 201, "\(chunked)")
            #expect(server.site.read("www/pub/chunked.txt") == "hello world")
            // An empty body is a document too.
            let empty = try Self.put(server, "/pub/empty.txt", "", as: "carl")
            #expect(empty.status == 201, "\(empty)")
            #expect(FileManager.default.fileExists(atPath: server.site.path("www/pub/empty.txt")) && server.site.read("www/pub/empty.txt").isEmpty)
            #expect(Self.temporaries(server.site, in: "pub").isEmpty)

            server.stop()
            let log = server.site.read("access.log")
            #expect(LogTests.hasLine(log, matching: #"^127\.0\.0\.1 - carl \[.*\] "PUT /pub/new%20page\.html\?draft=1 HTTP/1\.1" 201 \d+ received=10$"#), "\(log)")
            #expect(LogTests.hasLine(log, matching: #"^127\.0\.0\.1 - carl \[.*\] "PUT /pub/new%20page\.html HTTP/1\.1" 204 - received=10$"#), "\(log)")
            #expect(LogTests.hasLine(log, matching: #"^127\.0\.0\.1 - carl \[.*\] "PUT /pub/chunked\.txt HTTP/1\.1" 201 \d+ received=11$"#), "\(log)")
        }
    }

    @Test func put_readerDuringReplacements_seesOnlyWholeOldOrNewBodies() async throws {
        let bodyA = [UInt8](repeating: UInt8(ascii: "A"), count: 64 * 1024)
        let bodyB = [UInt8](repeating: UInt8(ascii: "B"), count: 64 * 1024)
        try await withServer(prepare: { site in
            try Self.prepare(site)
            try Data(bodyA).write(to: URL(fileURLWithPath: site.path("www/pub/hammer.txt")))
        }) { server in
            let port = server.port
            let box = PublishingReaderBox()
            let readerDone = DispatchSemaphore(value: 0)
            let deadline = DispatchTime.now().uptimeNanoseconds + UInt64(Self.hammerSeconds * 1e9)
            let reader = Thread {
                defer { readerDone.signal() }
                do {
                    var connection = try RawConnection(port: port)
                    var onConnection = 0
                    for _ in 0..<Self.maxReads {
                        if box.stop.load(ordering: .acquiring) || DispatchTime.now().uptimeNanoseconds > deadline { break }
                        if onConnection == 100 {
                            connection = try RawConnection(port: port)
                            onConnection = 0
                        }
                        try connection.send("GET /pub/hammer.txt HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                        let response = try connection.readResponse()
                        onConnection += 1
                        box.seen.withLock { s in
                            s.reads += 1
                            if response.status == 200 && response.body == bodyA {
                                s.a += 1
                            } else if response.status == 200 && response.body == bodyB {
                                s.b += 1
                            } else if s.bad.count < 5 {
                                s.bad.append("status \(response.status), \(response.body.count) bytes, "
                                             + "\(response.body.filter { $0 == UInt8(ascii: "A") }.count) A")
                            }
                        }
                    }
                } catch {
                    box.seen.withLock { $0.bad.append("reader: \(error)") }
                }
            }
            reader.start()
            var statuses: [Int: Int] = [:]
            do {
                let writer = try server.connect()
                for i in 0..<Self.replacements {
                    guard DispatchTime.now().uptimeNanoseconds < deadline else { break }
                    try writer.send(Self.put("/pub/hammer.txt", i % 2 == 0 ? bodyB : bodyA, as: "carl", close: false))
                    statuses[try writer.readResponse().status, default: 0] += 1
                }
            } catch {
                box.stop.store(true, ordering: .releasing)
                _ = readerDone.wait(timeout: .now() + .seconds(30))
                throw error
            }
            box.stop.store(true, ordering: .releasing)
            #expect(readerDone.wait(timeout: .now() + .seconds(30)) == .success)
            #expect(statuses == [204: Self.replacements], "\(statuses)")
            let result = box.seen.withLock { $0 }
            #expect(result.bad.isEmpty, "\(result.bad)")
            #expect(result.reads == result.a + result.b, "\(result)")
            // The reader really overlapped the replacements: it saw the new body as well as the old.
            #expect(result.a > 0 && result.b > 0, "\(result)")
            #expect(Self.temporaries(server.site, in: "pub").isEmpty)
            // 200 alternating replacements starting from A end on A.
            #expect(try server.get("/pub/hammer.txt").body == bodyA)
        }
    }

    @Test func put_clientGoneMidBody_leavesTheOldDocument() async throws {
        try await withServer(prepare: Self.prepare) { server in
            let old = server.site.read("www/pub/readme.txt")
            do {
                let connection = try server.connect()
                let request = Self.put("/pub/readme.txt", [UInt8](repeating: 0x78, count: 100_000), as: "carl")
                try connection.send(Array(request.prefix(request.count - 99_000)))
                // The upload is under way once its temporary file exists; then the client vanishes.
                #expect(try await server.eventually(within: Self.waitSeconds) { !Self.temporaries(server.site, in: "pub").isEmpty })
            }
            #expect(try await server.eventually(within: Self.waitSeconds) { Self.temporaries(server.site, in: "pub").isEmpty })
            #expect(server.site.read("www/pub/readme.txt") == old)
            #expect(try server.get("/pub/readme.txt").bodyText == old)
        }
    }

    @Test func put_pastMaxBodySize_is413AndChangesNothing() async throws {
        try await withServer(prepare: Self.prepare) { server in
            let old = server.site.read("www/pub/readme.txt")
            let auth = "Authorization: \(TestServer.basic("carl", "carl-secret"))\r\n"
            // Content-Length over the limit: refused with the head.
            let byLength = try server.exchange("PUT /pub/readme.txt HTTP/1.1\r\nHost: 127.0.0.1\r\n\(auth)"
                                               + "Content-Length: \(Self.maxBody + 1)\r\n\r\n")
            #expect(byLength.status == 413, "\(byLength)")
            // A chunked body that grows past the limit: half of it is written, then the next chunk
            // would cross the limit.
            let half = Self.maxBody / 2
            let connection = try server.connect()
            try connection.send("PUT /pub/readme.txt HTTP/1.1\r\nHost: 127.0.0.1\r\n\(auth)Transfer-Encoding: chunked\r\n\r\n"
                                + String(half, radix: 16) + "\r\n")
            try connection.send([UInt8](repeating: 0x79, count: half) + Array("\r\n\(String(half + 1, radix: 16))\r\n".utf8))
            let byChunks = try connection.readResponse()
            #expect(byChunks.status == 413, "\(byChunks)")
            #expect(try await server.eventually(within: Self.waitSeconds) { Self.temporaries(server.site, in: "pub").isEmpty })
            #expect(server.site.read("www/pub/readme.txt") == old)
        }
    }

    @Test func put_preconditions_refuseAStaleWriterWith412() async throws {
        try await withServer(prepare: Self.prepare) { server in
            let read = try server.get("/pub/readme.txt")
            let etag = try #require(read.header("ETag"))
            let fresh = try Self.put(server, "/pub/readme.txt", "edited once", as: "carl", fields: ["If-Match: \(etag)"])
            #expect(fresh.status == 204, "\(fresh)")
            // A second writer still holding the first ETag.
            let stale = try Self.put(server, "/pub/readme.txt", "lost update", as: "carl", fields: ["If-Match: \(etag)"])
            #expect(stale.status == 412, "\(stale)")
            let createOnly = try Self.put(server, "/pub/readme.txt", "create only", as: "carl", fields: ["If-None-Match: *"])
            #expect(createOnly.status == 412, "\(createOnly)")
            let past = try Self.put(server, "/pub/readme.txt", "old date", as: "carl",
                                    fields: ["If-Unmodified-Since: Thu, 01 Jan 1970 00:00:01 GMT"])
            #expect(past.status == 412, "\(past)")
            #expect(server.site.read("www/pub/readme.txt") == "edited once")
            let deleteStale = try server.exchange("DELETE /pub/readme.txt HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                                  + "Authorization: \(TestServer.basic("ann", "ann-secret"))\r\nIf-Match: \(etag)\r\n\r\n")
            #expect(deleteStale.status == 412, "\(deleteStale)")
            #expect(server.site.read("www/pub/readme.txt") == "edited once")
        }
    }

    @Test func put_expectContinue_isAnsweredOnlyWhenTheGateAllows() async throws {
        try await withServer(prepare: Self.prepare) { server in
            let head = "PUT /pub/expect.txt HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 5\r\nExpect: 100-continue\r\n"
            // Refused (anonymous; then bob, who may read but not write): the final answer comes
            // at once, with no 100 Continue before it, so the body is never sent.
            for auth in ["", "Authorization: \(TestServer.basic("bob", "bob-secret"))\r\n"] {
                let refused = try server.connect()
                try refused.send(head + auth + "\r\n")
                let answer = try refused.readResponse()
                #expect(answer.status == 401, "\(answer)")
                #expect(answer.header("WWW-Authenticate")?.contains("Gatehouse Publishing") == true)
            }
            // Allowed: 100 Continue first, then the body, then 201.
            let allowed = try server.connect()
            try allowed.send(head + "Authorization: \(TestServer.basic("carl", "carl-secret"))\r\nConnection: close\r\n\r\n")
            let interim = try allowed.readResponse()
            #expect(interim.status == 100, "\(interim)")
            try allowed.send("hello")
            let final = try allowed.readResponse()
            #expect(final.status == 201, "\(final)")
            #expect(server.site.read("www/pub/expect.txt") == "hello")
        }
    }

    @Test func put_neverWritesProtectionFilesOrOutsideTheTree() async throws {
        let aclBefore = Mutex<String>("")
        try await withServer(prepare: { site in
            try Self.prepare(site)
            try site.write("outside.html", "outside")
            try FileManager.default.createDirectory(atPath: site.path("outside-dir"), withIntermediateDirectories: true)
            try FileManager.default.createSymbolicLink(atPath: site.path("www/pub/out.html"), withDestinationPath: site.path("outside.html"))
            try FileManager.default.createSymbolicLink(atPath: site.path("www/pub/outdir"), withDestinationPath: site.path("outside-dir"))
            aclBefore.withLock { $0 = site.read("www/docs/.www_acl") }
        }) { server in
            let cases: [(path: String, user: String, status: Int)] = [
                ("/docs/.www_acl", "carl", 403),
                ("/pub/.www_browsable", "carl", 403),
                ("/pub/.gatehouse-put-abcdef", "carl", 403),
                ("/pub/out.html", "carl", 403),
                ("/pub/outdir/new.html", "carl", 404),
                ("/pub/", "carl", 403),
                ("/pub/nodir/new.html", "carl", 404),
            ]
            for c in cases {
                let answer = try Self.put(server, c.path, "overwritten", as: c.user)
                #expect(answer.status == c.status, "PUT \(c.path): \(answer)")
            }
            #expect(server.site.read("www/docs/.www_acl") == aclBefore.withLock { $0 })
            #expect(server.site.read("outside.html") == "outside")
            #expect(try FileManager.default.contentsOfDirectory(atPath: server.site.path("outside-dir")).isEmpty)
            #expect(!FileManager.default.fileExists(atPath: server.site.path("www/pub/nodir")))
            #expect(Self.temporaries(server.site, in: "pub").isEmpty && Self.temporaries(server.site, in: "docs").isEmpty)
        }
    }

    @Test func delete_outcomes() async throws {
        try await withServer(prepare: Self.prepare) { server in
            func delete(_ path: String, as user: String?) throws -> WireResponse {
                var request = "DELETE \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                if let user { request += "Authorization: \(TestServer.basic(user, "\(user)-secret"))\r\n" }
                return try server.exchange(request + "\r\n")
            }
            // DeleteMask admins: anonymous and carl (an author, not an admin) are refused.
            #expect(try delete("/pub/readme.txt", as: nil).status == 401)
            #expect(try delete("/pub/readme.txt", as: "carl").status == 401)
            #expect(FileManager.default.fileExists(atPath: server.site.path("www/pub/readme.txt")))
            let deleted = try delete("/pub/readme.txt", as: "ann")
            #expect(deleted.status == 204 && deleted.body.isEmpty, "\(deleted)")
            #expect(!FileManager.default.fileExists(atPath: server.site.path("www/pub/readme.txt")))
            #expect(try server.get("/pub/readme.txt").status == 404)
            // Absent: 404 only after the Gate (anonymous still gets 401).
            #expect(try delete("/pub/readme.txt", as: "ann").status == 404)
            #expect(try delete("/pub/readme.txt", as: nil).status == 401)
            // Never a directory, never a protection file.
            #expect(try delete("/pub/", as: "ann").status == 403)
            #expect(try delete("/pub", as: "ann").status == 403)
            #expect(try delete("/docs/.www_acl", as: "ann").status == 403)
            #expect(FileManager.default.fileExists(atPath: server.site.path("www/pub")))
            #expect(FileManager.default.fileExists(atPath: server.site.path("www/docs/.www_acl")))
        }
    }

    @Test func methodSpecificRights_readerMayGetButNotPut() async throws {
        try await withServer(prepare: Self.prepare) { server in
            // ACL: notes.html is GET for readers, PUT for authors; bob is a reader only.
            #expect(try server.get("/docs/notes.html", as: "bob").status == 200)
            let bobPut = try Self.put(server, "/docs/notes.html", "bob was here", as: "bob")
            #expect(bobPut.status == 401, "\(bobPut)")
            #expect(bobPut.header("WWW-Authenticate") == "Basic realm=\"Gatehouse Docs\", charset=\"UTF-8\"")
            #expect(try Self.put(server, "/docs/notes.html", "anonymous").status == 401)
            // guide.html has no PUT entry at all: 403 whoever asks (procedure step 10).
            #expect(try Self.put(server, "/docs/guide.html", "ann was here", as: "ann").status == 403)
            #expect(server.site.read("www/docs/notes.html") == "<p>notes v1</p>\n")
            #expect(try Self.put(server, "/docs/notes.html", "<p>notes v2</p>\n", as: "carl").status == 204)
            #expect(try server.get("/docs/notes.html", as: "bob").bodyText == "<p>notes v2</p>\n")
            // Masks: GetMask Anybody, PutMask authors.
            #expect(try server.get("/pub/readme.txt").status == 200)
            #expect(try Self.put(server, "/pub/readme.txt", "bob was here", as: "bob").status == 401)
            #expect(server.site.read("www/pub/readme.txt") != "bob was here")
        }
    }

    /// The publishing rule file with PUT and DELETE never enabled, or enabled then disabled again.
    static let disabledRuleFiles = [
        ruleFile.replacingOccurrences(of: "Enable PUT\nEnable DELETE\n", with: ""),
        ruleFile.replacingOccurrences(of: "Enable DELETE\n", with: "Enable DELETE\nDisable PUT\nDisable DELETE\n"),
    ]

    @Test(arguments: ["PUT", "DELETE"], [0, 1])
    func publishing_isOffUnlessEnabled(method: String, variant: Int) async throws {
        #expect(Self.disabledRuleFiles[variant] != Self.ruleFile)
        try await withServer(prepare: { site in
            try Self.prepare(site)
            try site.write("protection/httpd.conf", Self.disabledRuleFiles[variant])
        }) { server in
            let old = server.site.read("www/docs/drafts-1.html")
            let answer = try server.exchange("\(method) /docs/drafts-1.html HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                                             + "Authorization: \(TestServer.basic("carl", "carl-secret"))\r\nContent-Length: 0\r\n\r\n")
            #expect(answer.status == 405, "\(answer)")
            #expect(answer.header("Allow") == "GET, HEAD, OPTIONS")
            #expect(server.site.read("www/docs/drafts-1.html") == old)
        }
    }

    @Test(.enabled(if: toolExists("curl")))
    func curl_uploadsWithDashTAndDeletes() async throws {
        try await withServer(prepare: Self.prepare) { server in
            let upload = server.site.path("upload.txt")
            try Data("uploaded by curl\n".utf8).write(to: URL(fileURLWithPath: upload))
            let url = "http://127.0.0.1:\(server.port)/pub/curl.txt"
            func curl(_ arguments: [String]) throws -> ExternalTool.Result {
                try ExternalTool.run("curl", ["-sS", "--max-time", "20", "-o", "/dev/null", "-w", "%{http_code}"] + arguments,
                                     scratch: server.site.root)
            }
            let refused = try curl(["-T", upload, url])
            #expect(refused.stdout == "401", "\(refused.stdout) \(refused.stderr)")
            let created = try curl(["-T", upload, "-u", "carl:carl-secret", url])
            #expect(created.stdout == "201", "\(created.stdout) \(created.stderr)")
            #expect(server.site.read("www/pub/curl.txt") == "uploaded by curl\n")
            let replaced = try curl(["-T", upload, "-u", "carl:carl-secret", url])
            #expect(replaced.stdout == "204", "\(replaced.stdout) \(replaced.stderr)")
            let notAdmin = try curl(["-X", "DELETE", "-u", "carl:carl-secret", url])
            #expect(notAdmin.stdout == "401", "\(notAdmin.stdout) \(notAdmin.stderr)")
            let deleted = try curl(["-X", "DELETE", "-u", "ann:ann-secret", url])
            #expect(deleted.stdout == "204", "\(deleted.stdout) \(deleted.stderr)")
            #expect(!FileManager.default.fileExists(atPath: server.site.path("www/pub/curl.txt")))
        }
    }
}

/// What the reader thread of the concurrent-reader test shares with the test (a class, so the
/// thread's closure can hold the lock and the flag).
private final class PublishingReaderBox: Sendable {
    /// Set by the writer when its replacements are done.
    let stop = Atomic<Bool>(false)
    /// GETs made, bodies equal to A and to B, and descriptions of anything else seen.
    let seen = Mutex<(reads: Int, a: Int, b: Int, bad: [String])>((0, 0, 0, []))
}
