import Foundation
import Glibc
import Testing

/// The access log's formats and times (`LogFormat`, `LogTime`) and logrotate's `SIGUSR1`.
struct LogFormatTests {
    static func appending(_ lines: String) -> (TestSite) throws -> Void {
        { site in try site.write("protection/httpd.conf", site.read("protection/httpd.conf") + "\n" + lines + "\n") }
    }

    @Test func combined_addsRefererAndUserAgent() async throws {
        try await withServer(prepare: Self.appending("LogFormat combined")) { server in
            _ = try server.get("/pub/readme.txt", fields: ["Referer: http://example.org/from \"here\"", "User-Agent: test-agent/1.0"])
            _ = try server.get("/")
            server.stop()
            let lines = server.site.read("access.log").split(separator: "\n").map(String.init)
            #expect(lines.count == 2, "\(lines)")
            let size = server.site.read("www/pub/readme.txt").utf8.count
            #expect(lines.contains { $0.hasSuffix(#""GET /pub/readme.txt HTTP/1.1" 200 \#(size) "http://example.org/from \x22here\x22" "test-agent/1.0""#) },
                    "\(lines)")
            #expect(lines.contains { $0.contains(#""GET / HTTP/1.1""#) && $0.hasSuffix(#" "-" "-""#) }, "\(lines)")
        }
    }

    @Test func json_isOneObjectPerLineWithThePipelineFields() async throws {
        try await withServer(prepare: Self.appending("LogFormat json\nLogTime utc")) { server in
            _ = try server.get("/team/", as: "ann", fields: ["User-Agent: agent \"q\" é\\"])
            _ = try server.get("/team/")
            _ = try server.get("/pub/readme.txt")
            server.stop()
            let lines = server.site.read("access.log").split(separator: "\n")
            #expect(lines.count == 3, "\(lines)")
            let objects = try lines.map { try #require(JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any], "\($0)") }
            // Two workers write their lines in blocks: find each request by what it was.
            let first = try #require(objects.first { $0["user"] as? String == "ann" }, "\(objects)")
            let anonymous = try #require(objects.first { $0["target"] as? String == "/team/" && $0["user"] is NSNull }, "\(objects)")
            let open = try #require(objects.first { $0["target"] as? String == "/pub/readme.txt" }, "\(objects)")
            #expect(first["remote"] as? String == "127.0.0.1")
            #expect(first["user"] as? String == "ann")
            #expect(first["method"] as? String == "GET")
            #expect(first["target"] as? String == "/team/")
            #expect(first["status"] as? Int == 200)
            #expect((first["bytes"] as? Int ?? 0) > 0)
            #expect(first["user_agent"] as? String == "agent \"q\" é\\")
            #expect(first["referer"] is NSNull)
            #expect((first["duration_us"] as? Int).map { $0 >= 0 } == true, "\(first)")
            #expect(first["gate_step"] as? String == "15", "\(first)")
            let time = try #require(first["time"] as? String)
            #expect(time.range(of: #"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$"#, options: .regularExpression) != nil, "\(time)")
            #expect(anonymous["status"] as? Int == 401)
            #expect(anonymous["gate_step"] as? String == "8", "\(anonymous)")
            #expect(open["gate_step"] as? String == "15", "\(open)")
        }
    }

    @Test func logTime_localFollowsTheZone_utcDoesNot() async throws {
        try await withServer(environment: ["TZ": "Europe/Paris"]) { server in
            _ = try server.get("/")
            server.stop()
            // Paris is UTC+1 in winter and +2 in summer.
            let line = server.site.read("access.log")
            #expect(line.contains(" +0100]") || line.contains(" +0200]"), "\(line)")
        }
        try await withServer(prepare: Self.appending("LogTime utc"), environment: ["TZ": "Europe/Paris"]) { server in
            _ = try server.get("/")
            server.stop()
            #expect(server.site.read("access.log").contains(" +0000]"), "\(server.site.read("access.log"))")
        }
    }

    /// logrotate's way: rename the log while requests keep coming, send SIGUSR1, keep going.
    /// Every request must be in exactly one of the two files.
    @Test func sigusr1_reopensTheLogs_losingAndDuplicatingNothing() async throws {
        try await withServer { server in
            let total = 600
            let rotateAt = 300
            let connection = try server.connect()
            for i in 0..<total {
                if i == rotateAt {
                    try FileManager.default.moveItem(atPath: server.site.accessLog, toPath: server.site.accessLog + ".1")
                    server.send(signal: SIGUSR1)
                }
                try connection.send("GET /pub/readme.txt?n=\(i) HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                let response = try connection.readResponse()
                #expect(response.status == 200)
            }
            #expect(try await server.eventually(within: 5) { server.site.read("error.log").contains("reopened the logs") })
            server.stop()
            let lines = (server.site.read("access.log.1") + server.site.read("access.log")).split(separator: "\n")
            var seen = Set<Int>()
            for line in lines {
                guard let range = line.range(of: #"\?n=\d+"#, options: .regularExpression), let n = Int(line[range].dropFirst(3)) else { continue }
                #expect(seen.insert(n).inserted, "request \(n) logged twice")
            }
            #expect(seen.count == total, "logged \(seen.count) of \(total)")
            #expect(!server.site.read("access.log").isEmpty, "the new file is written after the reopen")
        }
    }
}
