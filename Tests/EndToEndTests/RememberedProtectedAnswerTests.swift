import Foundation
import Testing

/// Protected answers are remembered too (a verified user's frequent document is answered without
/// routing), but only under the exact credentials that were verified, from the address that sent
/// them: every other request is decided by the gate, and a protection edit ends the memo.
struct RememberedProtectedAnswerTests {
    /// The same request bytes every time, so only the credentials (or the address) tell two apart.
    static func request(_ path: String, _ user: String, _ password: String) -> String {
        "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: \(TestServer.basic(user, password))\r\n\r\n"
    }

    /// A long keep-alive idle timeout: a loaded test run may pause this test for seconds between
    /// two requests on the same connection.
    static func patientKeepAlive(_ site: TestSite) throws {
        try site.write("protection/httpd.conf", site.read("protection/httpd.conf") + "\nIdleTimeout 60\n")
    }

    static func get(_ connection: RawConnection, _ path: String, as user: String, password: String? = nil) throws -> WireResponse {
        try connection.send(request(path, user, password ?? "\(user)-secret"))
        return try connection.readResponse()
    }

    @Test func aRememberedAnswer_isForTheSameCredentialsFromTheSameAddressOnly() async throws {
        try await withServer(prepare: Self.patientKeepAlive, workers: 1) { server in
            // /lab/ admits the team from 127.0.0.1 and ::1 only.
            let near = try server.connect(from: "127.0.0.1")
            for _ in 0..<3 { #expect(try Self.get(near, "/lab/", as: "ann").status == 200) }
            #expect(try Self.get(near, "/lab/", as: "ann", password: "wrong").status == 401, "other credentials are decided afresh")
            #expect(try Self.get(near, "/lab/", as: "ann").status == 200)
            let far = try server.connect(from: "127.0.0.2")
            let refused = try Self.get(far, "/lab/", as: "ann")
            #expect(refused.status == 403, "the same bytes from an address outside the mask: \(refused)")
            #expect(try Self.get(near, "/lab/", as: "bob").status == 200)
        }
    }

    @Test func theAccessLog_namesTheUserOfEveryRememberedAnswer() async throws {
        try await withServer(prepare: Self.patientKeepAlive, workers: 1) { server in
            let connection = try server.connect()
            for _ in 0..<4 { #expect(try Self.get(connection, "/team/", as: "ann").status == 200) }
            #expect(try await server.eventually(within: 5) {
                server.site.read("access.log").split(separator: "\n").filter { $0.contains(" ann [") && $0.contains("GET /team/ ") }.count == 4
            }, "\(server.site.read("access.log"))")
        }
    }

    @Test func aUserRemovedFromThePasswordFile_isRefusedOnTheSameConnection() async throws {
        try await withServer(prepare: Self.patientKeepAlive, workers: 1) { server in
            let connection = try server.connect()
            for _ in 0..<3 { #expect(try Self.get(connection, "/team/", as: "ann").status == 200) }
            let kept = server.site.read("protection/passwd").split(separator: "\n").filter { !$0.hasPrefix("ann:") }
            try server.site.write("protection/passwd", kept.joined(separator: "\n") + "\n")
            #expect(try await server.eventually(within: 5) { try Self.get(connection, "/team/", as: "ann").status == 401 })
        }
    }

    @Test func aUserRemovedFromTheGroup_isRefusedOnTheSameConnection() async throws {
        try await withServer(prepare: Self.patientKeepAlive, workers: 1) { server in
            let connection = try server.connect()
            for _ in 0..<3 { #expect(try Self.get(connection, "/team/", as: "bob").status == 200) }
            let group = server.site.read("protection/group").replacingOccurrences(of: "team: admins, bob", with: "team: admins")
            try server.site.write("protection/group", group)
            #expect(try await server.eventually(within: 5) { try Self.get(connection, "/team/", as: "bob").status == 401 }, "bob is no longer in the mask (401: other credentials may pass)")
        }
    }
}
