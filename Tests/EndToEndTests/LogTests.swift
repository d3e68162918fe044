import Foundation
import Testing

/// The access log (Common Log Format, reference cern §10) and what must never reach any log.
struct LogTests {
    /// `host - authuser [dd/Mon/yyyy:hh:mm:ss +zzzz] "request line" status bytes`.
    static func commonLogPattern(user: String, requestLine: String, status: Int, bytes: Int) -> String {
        #"^127\.0\.0\.1 - "# + NSRegularExpression.escapedPattern(for: user)
            + #" \[\d{2}/[A-Z][a-z]{2}/\d{4}:\d{2}:\d{2}:\d{2} [+-]\d{4}\] ""#
            + NSRegularExpression.escapedPattern(for: requestLine) + #"" \#(status) \#(bytes)$"#
    }

    /// Whether some line of `log` matches the regular expression `pattern`.
    static func hasLine(_ log: String, matching pattern: String) -> Bool {
        log.split(separator: "\n").contains { $0.range(of: pattern, options: .regularExpression) != nil }
    }

    @Test func accessLog_namesTheUserOfA200AndDashForAnonymous() async throws {
        try await withServer { server in
            let team = try server.get("/team/", as: "ann")
            let front = try server.get("/")
            let refused = try server.get("/team/")
            #expect(team.status == 200 && front.status == 200 && refused.status == 401)
            server.stop()
            let log = server.site.read("access.log")
            let lines = [
                Self.commonLogPattern(user: "ann", requestLine: "GET /team/ HTTP/1.1", status: 200, bytes: team.body.count),
                Self.commonLogPattern(user: "-", requestLine: "GET / HTTP/1.1", status: 200, bytes: front.body.count),
                Self.commonLogPattern(user: "-", requestLine: "GET /team/ HTTP/1.1", status: 401, bytes: refused.body.count),
            ]
            for pattern in lines {
                #expect(Self.hasLine(log, matching: pattern), "no line matching \(pattern) in:\n\(log)")
            }
            #expect(log.split(separator: "\n").count == 3, "\(log)")
        }
    }

    @Test func noLog_evenContainsPasswordsOrAuthorizationValues() async throws {
        try await withServer { server in
            let secrets = [("ann", "ann-secret"), ("ann", "Wrong-Pass-7731"), ("zed", "zed-Pass-5521"), ("carl", "carl-secret")]
            for (user, password) in secrets {
                _ = try server.get("/team/", as: user, password: password)
                _ = try server.get("/docs/guide.html", as: user, password: password)
            }
            // Malformed credentials too: wrong scheme, bad base64, no colon.
            _ = try server.get("/team/", fields: ["Authorization: Digest username=\"ann\", response=\"Digest-Token-9917\""])
            _ = try server.get("/team/", fields: ["Authorization: Basic !!Bad-Base64-4410!!"])
            _ = try server.get("/team/", fields: ["Authorization: Basic " + Data("NoColon-Value-3318".utf8).base64EncodedString()])
            server.stop()
            let logs = ["access.log", "error.log", "stderr.txt"].map { (name: $0, text: server.site.read($0)) }
            #expect(!logs[0].text.isEmpty)
            var forbidden = secrets.map(\.1) + secrets.map { TestServer.basic($0.0, $0.1) }
            forbidden += secrets.map { String(TestServer.basic($0.0, $0.1).dropFirst("Basic ".count)) }
            forbidden += ["Digest-Token-9917", "Bad-Base64-4410", "NoColon-Value-3318",
                          Data("NoColon-Value-3318".utf8).base64EncodedString(), "Authorization"]
            for log in logs {
                for secret in forbidden {
                    #expect(!log.text.contains(secret), "\(log.name) contains \(secret):\n\(log.text)")
                }
            }
        }
    }
}
