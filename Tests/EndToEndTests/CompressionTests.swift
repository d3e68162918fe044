import Foundation
import Glibc
import Testing

/// Fewer bytes on the wire: precompressed siblings, gzip on the fly, and multipart byte ranges,
/// with real clients (curl --compressed, Python's gzip, headless Chromium).
struct CompressionTests {
    /// Text over 1 KiB: compressible.
    static let text = String(repeating: "Gatehouse compresses text. ", count: 200)

    static func prepare(_ site: TestSite) throws {
        try site.write("www/pub/page.html", "<html><body><p>\(text)</p></body></html>\n")
        try site.write("www/pub/long.txt", text)
        try site.write("www/pub/short.txt", "tiny")
        try site.write("www/pub/image.png", text)
        try site.write("www/pub/styles.css", text)
        // Siblings made by the system's tools, newer than the original.
        for tool in ["gzip", "brotli"] where toolExists(tool) {
            let result = try ExternalTool.run(tool, ["-k", "-f", site.path("www/pub/styles.css")], scratch: site.root)
            guard result.status == 0 else { throw WireError("\(tool): \(result.stderr)") }
        }
    }

    static func decompress(_ bytes: [UInt8], scratch: URL) throws -> String {
        let file = scratch.appendingPathComponent("body-\(UUID().uuidString).gz")
        try Data(bytes).write(to: file)
        let result = try ExternalTool.run("python3", ["-c", "import gzip,sys; sys.stdout.write(gzip.open(sys.argv[1]).read().decode())", file.path],
                                          scratch: scratch)
        guard result.status == 0 else { throw WireError("python gzip: \(result.stderr)") }
        return result.stdout
    }

    @Test(.enabled(if: toolExists("python3")))
    func gzipOnTheFly_forTextOver1KiB_withVaryAndItsOwnETag() async throws {
        try await withServer(prepare: Self.prepare) { server in
            let plain = try server.get("/pub/long.txt")
            let gzipped = try server.get("/pub/long.txt", fields: ["Accept-Encoding: gzip"])
            #expect(gzipped.header("Content-Encoding") == "gzip", "\(gzipped)")
            #expect(gzipped.header("Vary") == "Accept-Encoding")
            #expect(plain.header("Vary") == "Accept-Encoding", "the identity answer varies too")
            #expect(gzipped.body.count < plain.body.count / 5)
            #expect(try Self.decompress(gzipped.body, scratch: server.site.root) == Self.text)
            let etag = try #require(gzipped.header("ETag"))
            #expect(etag != plain.header("ETag"))
            let notModified = try server.get("/pub/long.txt", fields: ["Accept-Encoding: gzip", "If-None-Match: \(etag)"])
            #expect(notModified.status == 304, "\(notModified)")
            // A range is answered from the identity, never compressed.
            let range = try server.get("/pub/long.txt", fields: ["Accept-Encoding: gzip", "Range: bytes=0-9"])
            #expect(range.status == 206 && range.header("Content-Encoding") == nil && range.bodyText == String(Self.text.prefix(10)))
        }
    }

    @Test func notCompressed_smallFilesBinaryTypesOrWithoutAsking() async throws {
        try await withServer(prepare: Self.prepare) { server in
            for (path, accept) in [("/pub/short.txt", "gzip"), ("/pub/image.png", "gzip"), ("/pub/long.txt", "identity"), ("/pub/long.txt", "gzip;q=0")] {
                let answer = try server.get(path, fields: ["Accept-Encoding: \(accept)"])
                #expect(answer.header("Content-Encoding") == nil, "\(path) with \(accept): \(answer)")
            }
        }
        try await withServer(prepare: { site in
            try Self.prepare(site)
            try site.write("protection/httpd.conf", site.read("protection/httpd.conf") + "\nCompression Off\n")
        }) { server in
            let answer = try server.get("/pub/long.txt", fields: ["Accept-Encoding: gzip"])
            #expect(answer.header("Content-Encoding") == nil)
        }
        try await withServer(prepare: { site in
            try Self.prepare(site)
            try site.write("protection/httpd.conf", site.read("protection/httpd.conf") + "\nCompressionTypes text/html\n")
        }) { server in
            let text = try server.get("/pub/long.txt", fields: ["Accept-Encoding: gzip"])
            let html = try server.get("/pub/page.html", fields: ["Accept-Encoding: gzip"])
            #expect(text.header("Content-Encoding") == nil)
            #expect(html.header("Content-Encoding") == "gzip")
        }
    }

    @Test(.enabled(if: toolExists("gzip") && toolExists("brotli")))
    func precompressedSiblings_byQValues_withRangesOverTheEncodedBytes() async throws {
        try await withServer(prepare: Self.prepare) { server in
            let br = try Data(contentsOf: URL(fileURLWithPath: server.site.path("www/pub/styles.css.br")))
            let gz = try Data(contentsOf: URL(fileURLWithPath: server.site.path("www/pub/styles.css.gz")))
            let both = try server.get("/pub/styles.css", fields: ["Accept-Encoding: gzip, br"])
            #expect(both.header("Content-Encoding") == "br" && Data(both.body) == br, "\(both)")
            #expect(both.header("Content-Type")?.hasPrefix("text/css") == true)
            let preferGzip = try server.get("/pub/styles.css", fields: ["Accept-Encoding: br;q=0.5, gzip"])
            #expect(preferGzip.header("Content-Encoding") == "gzip" && Data(preferGzip.body) == gz)
            #expect(both.header("ETag") != preferGzip.header("ETag"))
            let none = try server.get("/pub/styles.css")
            #expect(none.header("Content-Encoding") == nil && none.header("Vary") == "Accept-Encoding" && none.bodyText == Self.text)
            let range = try server.get("/pub/styles.css", fields: ["Accept-Encoding: gzip", "Range: bytes=0-9"])
            #expect(range.status == 206 && range.header("Content-Encoding") == "gzip" && Data(range.body) == gz.prefix(10), "\(range)")
            // An older sibling is not used.
            var past = timespec(tv_sec: 1_000_000, tv_nsec: 0)
            var times = [past, past]
            _ = utimensat(AT_FDCWD, server.site.path("www/pub/styles.css.br"), &times, 0)
            past.tv_sec = 0
            let stale = try server.get("/pub/styles.css", fields: ["Accept-Encoding: br"])
            #expect(stale.header("Content-Encoding") != "br", "\(stale)")
        }
    }

    @Test(.enabled(if: toolExists("gzip")))
    func aSibling_neverWidensAccess() async throws {
        try await withServer(prepare: { site in
            try Self.prepare(site)
            // The .gz is refused by its own rule; the document is public.
            try site.write("protection/httpd.conf", "Fail /pub/*.gz\n" + site.read("protection/httpd.conf"))
        }) { server in
            let direct = try server.get("/pub/styles.css.gz")
            #expect(direct.status == 403)
            let answer = try server.get("/pub/styles.css", fields: ["Accept-Encoding: gzip"])
            #expect(answer.status == 200)
            #expect(answer.header("Content-Encoding") == "gzip", "on the fly is fine: \(answer)")
            let sibling = try Data(contentsOf: URL(fileURLWithPath: server.site.path("www/pub/styles.css.gz")))
            #expect(Data(answer.body) != sibling, "the refused sibling itself is never sent")
        }
    }

    @Test(.enabled(if: toolExists("curl")))
    func curlCompressed_getsTheDocument() async throws {
        try await withServer(prepare: Self.prepare) { server in
            let result = try ExternalTool.run("curl", ["-sS", "--compressed", "-D", "-", "http://127.0.0.1:\(server.port)/pub/long.txt"],
                                              scratch: server.site.root)
            #expect(result.stdout.lowercased().contains("content-encoding: gzip"), "\(result.stdout.prefix(400))")
            #expect(result.stdout.hasSuffix(Self.text), "curl decoded the body")
        }
    }

    @Test(.enabled(if: toolExists("chromium")))
    func chromium_readsCompressedPages() async throws {
        try await withServer(prepare: Self.prepare) { server in
            let result = try RealClientTests.chromium("http://127.0.0.1:\(server.port)/pub/page.html", site: server.site)
            #expect(result.stdout.contains(Self.text.trimmingCharacters(in: .whitespaces)), "\(result.stdout.prefix(300))\(result.stderr.suffix(800))")
            server.stop()
            #expect(server.site.read("access.log").contains("\"GET /pub/page.html HTTP/1.1\" 200"), "\(server.site.read("access.log"))")
        }
    }

    /// The parts of a `multipart/byteranges` body, by their Content-Range.
    static func parts(_ response: WireResponse) throws -> [String: String] {
        let type = try #require(response.header("Content-Type"))
        let boundary = try #require(type.components(separatedBy: "boundary=").last)
        var parts: [String: String] = [:]
        for chunk in response.bodyText.components(separatedBy: "--" + boundary).dropFirst() where !chunk.hasPrefix("--") {
            let pieces = chunk.components(separatedBy: "\r\n\r\n")
            let range = pieces[0].components(separatedBy: "\r\n").first { $0.lowercased().hasPrefix("content-range:") } ?? ""
            // The CRLF before the next delimiter belongs to it (RFC 2046 §5.1.1); "\r\n" is one Character.
            let body = pieces.dropFirst().joined(separator: "\r\n\r\n")
            parts[String(range.dropFirst("Content-Range: ".count))] = body.hasSuffix("\r\n") ? String(body.dropLast()) : body
        }
        return parts
    }

    @Test(arguments: ["/pub/long.txt", "/pub/big.txt"])
    func multipleRanges_getMultipartByteranges(path: String) async throws {
        try await withServer(prepare: { site in
            try Self.prepare(site)
            try site.write("www/pub/big.txt", String(repeating: Self.text, count: 20))   // past the small-file cache
        }) { server in
            let whole = try server.get(path).bodyText
            let response = try server.get(path, fields: ["Range: bytes=0-9,20-29"])
            #expect(response.status == 206, "\(response)")
            #expect(response.header("Content-Type")?.hasPrefix("multipart/byteranges; boundary=") == true)
            let size = whole.utf8.count
            let parts = try Self.parts(response)
            #expect(parts["bytes 0-9/\(size)"] == String(whole.prefix(10)), "\(parts)")
            #expect(parts["bytes 20-29/\(size)"] == String(whole.dropFirst(20).prefix(10)), "\(parts)")
            #expect(Int(response.header("Content-Length") ?? "") == response.body.count)
            let many = (0..<17).map { "\($0 * 10)-\($0 * 10 + 1)" }.joined(separator: ",")
            let tooMany = try server.get(path, fields: ["Range: bytes=\(many)"])
            #expect(tooMany.status == 200 && tooMany.bodyText == whole, "more than 16 ranges: the whole file")
            let overlapping = try server.get(path, fields: ["Range: bytes=0-,0-"])
            #expect(overlapping.status == 200, "overlaps adding up past the file: the whole file")
        }
    }

    @Test(.enabled(if: toolExists("curl")))
    func curlRanges_getTheParts() async throws {
        try await withServer(prepare: Self.prepare) { server in
            let result = try ExternalTool.run("curl", ["-sS", "-r", "0-9,20-29", "http://127.0.0.1:\(server.port)/pub/long.txt"], scratch: server.site.root)
            #expect(result.stdout.contains("Content-Range: bytes 0-9/") && result.stdout.contains("Content-Range: bytes 20-29/"), "\(result.stdout)")
        }
    }
}
