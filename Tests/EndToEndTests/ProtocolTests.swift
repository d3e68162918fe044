import Foundation
import Testing

/// HTTP semantics a client relies on: HEAD, HTTP/0.9 simple requests, validators and 304,
/// byte ranges, and the status codes for methods and versions the server does not handle.
struct ProtocolTests {
    /// The Host field every HTTP/1.1 request needs.
    static let host = "Host: 127.0.0.1\r\n"

    @Test func head_sendsTheHeadersOfGetWithoutTheBody() async throws {
        try await withServer { server in
            let get = try server.get("/pub/readme.txt")
            let connection = try server.connect()
            try connection.send("HEAD /pub/readme.txt HTTP/1.1\r\n\(Self.host)\r\n")
            let head = try connection.readResponse(toHead: true)
            #expect(head.status == 200, "\(head)")
            #expect(head.header("Content-Length") == get.header("Content-Length"))
            #expect(head.header("Content-Length") == String(server.site.read("www/pub/readme.txt").utf8.count))
            #expect(head.header("ETag") == get.header("ETag"))
            #expect(head.body.isEmpty)
            // Had any body bytes followed the head, they would come before this status line.
            try connection.send("GET / HTTP/1.1\r\n\(Self.host)Connection: close\r\n\r\n")
            let next = try connection.readResponse()
            #expect(next.status == 200, "\(next)")
            #expect(next.bodyText == server.site.read("www/index.html"))
        }
    }

    @Test func head_onAProtectedDocument_isChallengedWithoutABody() async throws {
        try await withServer { server in
            let connection = try server.connect()
            try connection.send("HEAD /team/ HTTP/1.1\r\n\(Self.host)\r\n")
            let head = try connection.readResponse(toHead: true)
            #expect(head.status == 401, "\(head)")
            #expect(head.header("WWW-Authenticate") == "Basic realm=\"Gatehouse Team\", charset=\"UTF-8\"")
            try connection.send("HEAD /team/ HTTP/1.1\r\n\(Self.host)Authorization: \(TestServer.basic("bob", "bob-secret"))\r\nConnection: close\r\n\r\n")
            let allowed = try connection.readResponse(toHead: true)
            #expect(allowed.status == 200, "\(allowed)")
            #expect(allowed.header("Content-Length") == String(server.site.read("www/team/index.html").utf8.count))
            #expect(try connection.closesWithoutMoreBytes())
        }
    }

    @Test func simpleRequest_getsTheBodyAloneWithoutAStatusLine() async throws {
        // RFC 1945 §4.1: an HTTP/0.9 Simple-Request gets a Simple-Response, the entity body only.
        try await withServer { server in
            let connection = try server.connect()
            try connection.send("GET /\r\n")
            let bytes = try connection.readToClose()
            #expect(String(decoding: bytes, as: UTF8.self) == server.site.read("www/index.html"))
        }
    }

    @Test func simpleRequest_forAProtectedPath_neverGetsTheDocument() async throws {
        try await withServer { server in
            let connection = try server.connect()
            try connection.send("GET /team/\r\n")
            let bytes = String(decoding: try connection.readToClose(), as: UTF8.self)
            #expect(!bytes.contains("Team area"), "\(bytes)")
            #expect(bytes != server.site.read("www/team/index.html"))
        }
    }

    @Test func ifNoneMatch_withTheCurrentETag_gets304() async throws {
        try await withServer { server in
            let first = try server.get("/pub/readme.txt")
            let etag = try #require(first.header("ETag"), "\(first)")
            let again = try server.get("/pub/readme.txt", fields: ["If-None-Match: \(etag)"])
            #expect(again.status == 304, "\(again)")
            #expect(again.body.isEmpty)
            #expect(again.header("ETag") == etag)
            let other = try server.get("/pub/readme.txt", fields: ["If-None-Match: \"something-else\""])
            #expect(other.status == 200, "\(other)")
        }
    }

    @Test func ifModifiedSince_withTheLastModifiedDate_gets304() async throws {
        try await withServer { server in
            let first = try server.get("/pub/readme.txt")
            let date = try #require(first.header("Last-Modified"), "\(first)")
            let again = try server.get("/pub/readme.txt", fields: ["If-Modified-Since: \(date)"])
            #expect(again.status == 304, "\(again)")
            #expect(again.body.isEmpty)
            let old = try server.get("/pub/readme.txt", fields: ["If-Modified-Since: Sat, 01 Jan 2000 00:00:00 GMT"])
            #expect(old.status == 200, "\(old)")
        }
    }

    @Test func conditionalRequest_onAProtectedDocument_isChallengedFirst() async throws {
        // A validator must not let an anonymous client learn anything about a protected file.
        try await withServer { server in
            let allowed = try server.get("/team/", as: "ann")
            let etag = try #require(allowed.header("ETag"), "\(allowed)")
            let anonymous = try server.get("/team/", fields: ["If-None-Match: \(etag)"])
            #expect(anonymous.status == 401, "\(anonymous)")
        }
    }

    @Test func range_getsA206WithContentRange() async throws {
        try await withServer { server in
            let file = Array(server.site.read("www/pub/readme.txt").utf8)
            let response = try server.get("/pub/readme.txt", fields: ["Range: bytes=0-9"])
            #expect(response.status == 206, "\(response)")
            #expect(response.header("Content-Range") == "bytes 0-9/\(file.count)", "\(response)")
            #expect(response.header("Content-Length") == "10")
            #expect(response.body == Array(file[0..<10]))
            let tail = try server.get("/pub/readme.txt", fields: ["Range: bytes=-5"])
            #expect(tail.status == 206, "\(tail)")
            #expect(tail.body == Array(file.suffix(5)))
        }
    }

    @Test func range_beyondTheEnd_gets416() async throws {
        try await withServer { server in
            let size = server.site.read("www/pub/readme.txt").utf8.count
            let response = try server.get("/pub/readme.txt", fields: ["Range: bytes=\(size + 1000)-\(size + 2000)"])
            #expect(response.status == 416, "\(response)")
            #expect(response.header("Content-Range") == "bytes */\(size)", "\(response)")
        }
    }

    /// Unknown or unimplemented methods get 501; DELETE, known but not enabled by the sample rule
    /// file (CERN's `Enable`), gets 405 (RFC 9110 §15.5.6). Both carry `Allow`.
    @Test(arguments: [("DELETE", 405), ("BREW", 501), ("POST", 501)])
    func unsupportedMethod_getsAllow(_ method: String, _ expected: Int) async throws {
        try await withServer { server in
            let response = try server.exchange("\(method) /pub/readme.txt HTTP/1.1\r\n\(Self.host)Content-Length: 0\r\nConnection: close\r\n\r\n")
            #expect(response.status == expected, "\(response)")
            let allow = try #require(response.header("Allow"), "\(response)")
            let methods = Set(allow.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
            #expect(methods.contains("GET") && methods.contains("HEAD") && !methods.contains(method), "\(allow)")
        }
    }

    /// OPTIONS is answered with 204 and `Allow` (RFC 9110 §9.3.7), without the Gate: a CORS
    /// preflight carries no credentials, and the answer says nothing about the document.
    @Test(arguments: ["/pub/readme.txt", "/team/", "*"])
    func options_is204WithAllow(_ target: String) async throws {
        try await withServer { server in
            let response = try server.exchange("OPTIONS \(target) HTTP/1.1\r\n\(Self.host)Connection: close\r\n\r\n")
            #expect(response.status == 204, "\(response)")
            #expect(response.header("Allow") == "GET, HEAD, OPTIONS, PUT", "\(response)")
            #expect(response.header("WWW-Authenticate") == nil)
            #expect(response.body.isEmpty)
        }
    }

    @Test func http2Version_gets505() async throws {
        try await withServer { server in
            let response = try server.exchange("GET / HTTP/2.0\r\n\(Self.host)\r\n")
            #expect(response.status == 505, "\(response)")
        }
    }

    @Test func http11WithoutHost_gets400() async throws {
        try await withServer { server in
            let connection = try server.connect()
            try connection.send("GET / HTTP/1.1\r\n\r\n")
            let response = try connection.readResponse()
            #expect(response.status == 400, "\(response)")
            #expect(!response.bodyText.contains("Gatehouse sample site"))
        }
    }
}
