import Testing

/// Every request-head limit and framing rule, over the wire: the answer's status, and that the
/// server then closes the connection rather than guess where the next request starts
/// (RFC 9112 §§2.2, 3, 5.2, 6.3; limits from `HTTPLimits`).
struct LimitTests {
    /// A malformed or oversized request and the status it must get.
    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let request: String
        let status: Int
        var testDescription: String { "\(name) → \(status)" }
    }

    /// The Host field every HTTP/1.1 request needs.
    static let host = "Host: 127.0.0.1\r\n"

    /// One request per limit or framing rule.
    static let cases: [Case] = [
        Case(name: "request line over 8 KiB",
             request: "GET /" + String(repeating: "a", count: 9 * 1024) + " HTTP/1.1\r\n\(host)\r\n", status: 414),
        Case(name: "header block over 32 KiB",
             request: "GET / HTTP/1.1\r\n\(host)"
                + (0..<20).map { "X-Filler-\($0): " + String(repeating: "b", count: 2000) + "\r\n" }.joined() + "\r\n",
             status: 431),
        Case(name: "more than 100 header fields",
             request: "GET / HTTP/1.1\r\n\(host)" + (0..<101).map { "X-Field-\($0): v\r\n" }.joined() + "\r\n", status: 431),
        Case(name: "obs-fold", request: "GET / HTTP/1.1\r\n\(host)X-Folded: first\r\n second\r\n\r\n", status: 400),
        Case(name: "bare CR in a field", request: "GET / HTTP/1.1\r\n\(host)X-Bad: a\rb\r\n\r\n", status: 400),
        Case(name: "bare CR ending a line", request: "GET / HTTP/1.1\r\n\(host)X-Bad: a\r\r\n\r\n", status: 400),
        Case(name: "two different Content-Length",
             request: "GET / HTTP/1.1\r\n\(host)Content-Length: 5\r\nContent-Length: 6\r\n\r\nhello!", status: 400),
        Case(name: "Transfer-Encoding with Content-Length",
             request: "GET / HTTP/1.1\r\n\(host)Transfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n0\r\n\r\n", status: 400),
        Case(name: "space before colon", request: "GET / HTTP/1.1\r\n\(host)X-Bad : a\r\n\r\n", status: 400),
        Case(name: "two Host fields", request: "GET / HTTP/1.1\r\n\(host)\(host)\r\n", status: 400),
    ]

    @Test(arguments: cases)
    func malformedRequest_isRefusedAndTheConnectionClosed(_ c: Case) async throws {
        try await withServer { server in
            let connection = try server.connect()
            try connection.send(c.request)
            let response = try connection.readResponse()
            #expect(response.status == c.status, "\(response)")
            #expect(!response.bodyText.contains("Gatehouse sample site"), "\(response)")
            #expect(try connection.closesWithoutMoreBytes())
        }
    }

    @Test func limits_justInside_areServed() async throws {
        // The same shapes just under each limit must work, or the limits are off by one the wrong way.
        try await withServer { server in
            let longTarget = "/pub/readme.txt?" + String(repeating: "q", count: 8 * 1024 - 40)
            let line = try server.exchange("GET \(longTarget) HTTP/1.1\r\n\(Self.host)Connection: close\r\n\r\n")
            #expect(line.status == 200, "\(line)")
            let fields = (0..<98).map { "X-Field-\($0): v\r\n" }.joined()
            let many = try server.exchange("GET / HTTP/1.1\r\n\(Self.host)\(fields)Connection: close\r\n\r\n")
            #expect(many.status == 200, "\(many)")
            let big = (0..<15).map { "X-Filler-\($0): " + String(repeating: "b", count: 2000) + "\r\n" }.joined()
            let large = try server.exchange("GET / HTTP/1.1\r\n\(Self.host)\(big)Connection: close\r\n\r\n")
            #expect(large.status == 200, "\(large)")
        }
    }

    @Test(arguments: [false, true])
    func getWithASmallBody_isAnsweredAndTheNextRequestStillWorks(bodyArrivesLater: Bool) async throws {
        try await withServer { server in
            let connection = try server.connect()
            let head = "GET /pub/readme.txt HTTP/1.1\r\n\(Self.host)Content-Length: 5\r\n\r\n"
            let next = "GET /pub/notes.md HTTP/1.1\r\n\(Self.host)Connection: close\r\n\r\n"
            if bodyArrivesLater {
                try connection.send(head)
                let first = try connection.readResponse()
                #expect(first.status == 200, "\(first)")
                try connection.send("hello" + next)
            } else {
                try connection.send(head + "hello" + next)
                let first = try connection.readResponse()
                #expect(first.status == 200, "\(first)")
            }
            let second = try connection.readResponse()
            #expect(second.status == 200, "\(second)")
            #expect(second.bodyText == server.site.read("www/pub/notes.md"))
        }
    }
}
