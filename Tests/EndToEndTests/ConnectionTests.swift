import Testing

/// Connection management over the wire (RFC 9112 §9): persistent connections in HTTP/1.1 and
/// HTTP/1.0, `Connection: close`, and pipelined requests answered in order.
struct ConnectionTests {
    /// The Host field every HTTP/1.1 request needs.
    static let host = "Host: 127.0.0.1\r\n"

    @Test func http11_servesTwoRequestsOnOneConnection() async throws {
        try await withServer { server in
            let connection = try server.connect()
            try connection.send("GET /pub/readme.txt HTTP/1.1\r\n\(Self.host)\r\n")
            let first = try connection.readResponse()
            #expect(first.status == 200, "\(first)")
            #expect(first.version == "HTTP/1.1")
            #expect(first.header("Connection")?.lowercased() != "close", "\(first)")
            #expect(first.bodyText == server.site.read("www/pub/readme.txt"))
            try connection.send("GET /pub/notes.md HTTP/1.1\r\n\(Self.host)\r\n")
            let second = try connection.readResponse()
            #expect(second.status == 200, "\(second)")
            #expect(second.bodyText == server.site.read("www/pub/notes.md"))
            #expect(second.header("Content-Type")?.hasPrefix("text/markdown") == true, "\(second)")
        }
    }

    @Test func http10_keepAlive_isEchoedAndTheConnectionStaysOpen() async throws {
        try await withServer { server in
            let connection = try server.connect()
            try connection.send("GET /pub/readme.txt HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
            let first = try connection.readResponse()
            #expect(first.status == 200, "\(first)")
            #expect(first.version == "HTTP/1.0", "\(first)")
            #expect(first.header("Connection")?.lowercased() == "keep-alive", "\(first)")
            try connection.send("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
            let second = try connection.readResponse()
            #expect(second.status == 200, "\(second)")
            #expect(second.bodyText == server.site.read("www/index.html"))
        }
    }

    @Test func http10_withoutKeepAlive_closesAfterTheResponse() async throws {
        try await withServer { server in
            let connection = try server.connect()
            try connection.send("GET /pub/readme.txt HTTP/1.0\r\n\r\n")
            let response = try connection.readResponse()
            #expect(response.status == 200, "\(response)")
            #expect(response.version == "HTTP/1.0")
            #expect(response.header("Connection")?.lowercased() != "keep-alive", "\(response)")
            #expect(try connection.closesWithoutMoreBytes())
        }
    }

    @Test func http11_connectionClose_closesAfterTheResponse() async throws {
        try await withServer { server in
            let connection = try server.connect()
            try connection.send("GET /pub/readme.txt HTTP/1.1\r\n\(Self.host)Connection: close\r\n\r\n")
            let response = try connection.readResponse()
            #expect(response.status == 200, "\(response)")
            #expect(response.header("Connection")?.lowercased() == "close", "\(response)")
            #expect(try connection.closesWithoutMoreBytes())
        }
    }

    @Test func pipelining_threeRequestsInOneWrite_areAnsweredInOrder() async throws {
        // The middle one needs a password check (done off the event loop): order must still hold.
        try await withServer { server in
            let connection = try server.connect()
            let auth = "Authorization: \(TestServer.basic("ann", "ann-secret"))\r\n"
            try connection.send("GET /pub/readme.txt HTTP/1.1\r\n\(Self.host)\r\n"
                                + "GET /team/ HTTP/1.1\r\n\(Self.host)\(auth)\r\n"
                                + "GET /pub/notes.md HTTP/1.1\r\n\(Self.host)Connection: close\r\n\r\n")
            let first = try connection.readResponse()
            let second = try connection.readResponse()
            let third = try connection.readResponse()
            #expect(first.status == 200 && first.bodyText == server.site.read("www/pub/readme.txt"), "\(first)")
            #expect(second.status == 200 && second.bodyText == server.site.read("www/team/index.html"), "\(second)")
            #expect(third.status == 200 && third.bodyText == server.site.read("www/pub/notes.md"), "\(third)")
            #expect(try connection.closesWithoutMoreBytes())
        }
    }

    @Test func pipelining_aRefusalInTheMiddle_keepsTheOrder() async throws {
        try await withServer { server in
            let connection = try server.connect()
            try connection.send("GET /pub/readme.txt HTTP/1.1\r\n\(Self.host)\r\n"
                                + "GET /team/ HTTP/1.1\r\n\(Self.host)Authorization: \(TestServer.basic("ann", "nope"))\r\n\r\n"
                                + "GET /docs/secret.html HTTP/1.1\r\n\(Self.host)\r\n"
                                + "GET / HTTP/1.1\r\n\(Self.host)Connection: close\r\n\r\n")
            let statuses = try (0..<4).map { _ in try connection.readResponse().status }
            #expect(statuses == [200, 401, 403, 200])
        }
    }
}
