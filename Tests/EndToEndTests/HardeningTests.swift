import Foundation
import Glibc
import Testing

/// Hostile clients against the real server: malformed credentials, request smuggling shapes,
/// brute force and slowloris.
@Suite struct HardeningTests {
    static let host = "Host: 127.0.0.1\r\n"

    /// Every malformed Authorization gets 401 or 400 — never 500, never the document — and the
    /// server keeps serving.
    @Test(arguments: [
        Array("Authorization: Basic\r\n".utf8),
        Array("Authorization: Bearer abc\r\n".utf8),
        Array("Authorization: Digest username=\"ann\"\r\n".utf8),
        Array("Authorization: Basic !!!!\r\n".utf8),
        Array("Authorization: Basic YW5uOmFubi1zZWNyZXQ\r\n".utf8),         // padding missing
        Array("Authorization: Basic am9l\r\n".utf8),                         // no colon
        Array("Authorization: Basic OmFubi1zZWNyZXQ=\r\n".utf8),             // empty user
        Array("Authorization: Basic YW5uOmFubi1zZWNyZXQ= extra\r\n".utf8),   // two tokens
        Array("Authorization: Basic \(String(repeating: "QUFB", count: 2560))\r\n".utf8), // 10 KiB
        Array("Authorization: Basic YW5u".utf8) + [0] + Array("OmFubi1zZWNyZXQ=\r\n".utf8), // NUL
        Array("Authorization: Basic ".utf8) + [0xff, 0xfe, 0x80] + Array("\r\n".utf8),    // not UTF-8
        Array("Authorization: Basic /w==\r\n".utf8),                         // decodes to non-UTF-8
        Array("Authorization: Basic YW5uOmFubi1zZWNyZXQ=\r\nAuthorization: Basic Ym9iOmJvYi1zZWNyZXQ=\r\n".utf8), // two
    ])
    func malformedAuthorization_neverGetsIn(_ field: [UInt8]) async throws {
        try await withServer { server in
            let connection = try server.connect()
            try connection.send(Array("GET /team/ HTTP/1.1\r\n\(Self.host)Connection: close\r\n".utf8) + field + Array("\r\n".utf8))
            let response = try connection.readResponse()
            #expect([400, 401].contains(response.status), "\(response)")
            #expect(!response.bodyText.contains("You are reading the team area"))
            #expect(try server.get("/team/", as: "ann").status == 200)
        }
    }

    /// Request smuggling shapes are refused with 400 and the connection is closed, so nothing
    /// after them can be read as another request.
    @Test(arguments: [
        "POST /pub/readme.txt HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
        "GET /pub/readme.txt HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello!",
        "GET /pub/readme.txt HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n",
        "GET /pub/readme.txt HTTP/1.1\r\nHost: x\r\nX-A: a\r\n b\r\n\r\n",
        "GET /pub/readme.txt HTTP/1.1\r\nHost: x\r\nContent-Length : 5\r\n\r\nhello",
        "GET http://127.0.0.1/pub/readme.txt HTTP/1.1\r\nHost: evil.example\r\n\r\n",
    ])
    func smugglingShapes_get400AndClose(_ request: String) async throws {
        try await withServer { server in
            let connection = try server.connect()
            try connection.send(request + "GET /pub/readme.txt HTTP/1.1\r\nHost: x\r\n\r\n")
            let response = try connection.readResponse()
            #expect(response.status == 400 || response.status == 501, "\(response)")
            #expect(try connection.closesWithoutMoreBytes(), "the smuggled second request was answered")
        }
    }

    /// After ten failed logins from one address, further attempts get 429 with Retry-After
    /// (without hashing); credentials verified earlier still get in.
    @Test func bruteForce_isThrottledButVerifiedUsersAreNot() async throws {
        try await withServer { server in
            #expect(try server.get("/team/", as: "bob").status == 200)
            for i in 0..<10 {
                #expect(try server.get("/team/", as: "ann", password: "guess-\(i)").status == 401)
            }
            let throttled = try server.get("/team/", as: "ann", password: "guess-10")
            #expect(throttled.status == 429, "\(throttled)")
            #expect(Int(throttled.header("Retry-After") ?? "") ?? 0 > 0)
            #expect(try server.get("/team/", as: "carl").status == 429)
            #expect(try server.get("/team/", as: "bob").status == 200)
        }
    }

    /// The lock-out attack over the wire (issue 16, item 1): ten wrong passwords for ann from
    /// 127.0.0.2 get that address 429, but ann's correct password from 127.0.0.1 gets in — a
    /// user name is never refused by name alone.
    @Test func wrongPasswordsForAUserFromAnotherAddress_doNotLockTheUserOut() async throws {
        try await withServer { server in
            for i in 0..<10 {
                #expect(try server.get("/team/", as: "ann", password: "guess-\(i)", from: "127.0.0.2").status == 401)
            }
            let attacker = try server.get("/team/", as: "ann", password: "guess-10", from: "127.0.0.2")
            #expect(attacker.status == 429, "\(attacker)")
            #expect(Int(attacker.header("Retry-After") ?? "") ?? 0 > 0)
            let user = try server.get("/team/", as: "ann", from: "127.0.0.1")
            #expect(user.status == 200, "\(user)")
            #expect(try server.get("/team/", as: "ann", password: "guess-11", from: "127.0.0.3").status == 401)
        }
    }

    /// Slowloris: 2,000 connections dribbling a header byte now and then do not keep a normal
    /// client from being served within 100 ms.
    @Test func slowloris_doesNotStarveOthers() async throws {
        var limit = rlimit()
        getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        let wanted: rlim_t = 4096
        if limit.rlim_cur < wanted {
            limit.rlim_cur = min(wanted, limit.rlim_max)
            setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        }
        let count = Int(min(2000, limit.rlim_cur - 200))
        try await withServer { server in
            var slow: [RawConnection] = []
            // From eight other addresses, each under MaxConnectionsPerAddress (256).
            for n in 0..<count {
                let c = try server.connect(from: "127.0.0.\(2 + n % 8)")
                try c.send("GET /pub/readme.txt HTTP/1.1\r\n")
                slow.append(c)
            }
            var timings: [Double] = []
            for round in 0..<5 {
                // Each slow client sends one more header byte, then the normal client is timed.
                for c in slow { try? c.send(round % 2 == 0 ? "X" : "-") }
                let start = Date()
                let response = try server.get("/pub/readme.txt")
                timings.append(Date().timeIntervalSince(start))
                #expect(response.status == 200)
            }
            timings.sort()
            #expect(timings[timings.count / 2] < 0.1, "median \(timings[timings.count / 2]) s with \(count) slow clients")
            withExtendedLifetime(slow) {}
        }
    }
}
