import Foundation
import Glibc
import Testing

/// Edits of the protection files while the server runs (DESIGN "State and concurrency"): each
/// takes effect within about a second without a restart, SIGHUP reloads at once, and a broken
/// edit leaves the last good configuration in force with `path:line:` in the error log.
struct ReloadTests {
    /// How long an edit may take to show (the reloader and the ACL cache look once a second).
    static let reloadSeconds = 5.0

    @Test func passwordFileEdit_addsAUserWithoutRestart() async throws {
        try await withServer { server in
            #expect(try server.get("/docs/", as: "eve").status == 401)
            let hashLine = try Self.passwordLine(user: "eve", password: "eve-secret", site: server.site)
            try server.site.write("protection/passwd", server.site.read("protection/passwd") + hashLine.line + "\n")
            // Polling with eve's credentials would pile up failed logins and trip the brute-force
            // throttle (429), so wait for the reload to be reported, then ask.
            let reloaded = try await server.eventually(within: Self.reloadSeconds) {
                server.site.read("error.log").contains("reloaded")
            }
            #expect(reloaded, "no reload in the error log: \(server.site.read("error.log"))")
            let admitted = try await server.eventually(within: 2.0) {
                try server.get("/docs/", as: "eve", password: hashLine.password).status == 200
            }
            #expect(admitted, "eve never got in; error log: \(server.site.read("error.log"))")
        }
    }

    @Test func groupFileEdit_addsCarlToTheTeam() async throws {
        try await withServer { server in
            #expect(try server.get("/team/", as: "carl").status == 401)
            let group = server.site.read("protection/group")
            try server.site.write("protection/group", group.replacingOccurrences(of: "team: admins, bob", with: "team: admins, bob, carl"))
            let admitted = try await server.eventually(within: Self.reloadSeconds) {
                try server.get("/team/", as: "carl").status == 200
            }
            #expect(admitted, "carl never got in; error log: \(server.site.read("error.log"))")
        }
    }

    @Test func aclEdit_changesWhoMayReadAFile() async throws {
        try await withServer { server in
            #expect(try server.get("/docs/secret.html", as: "bob").status == 403)
            #expect(try server.get("/docs/guide.html", as: "bob").status == 200)
            try server.site.write("www/docs/.www_acl", """
                index.html : GET : All
                guide.html : GET : admins
                drafts*.html : GET,PUT : authors
                secret.html : GET : bob

                """)
            let changed = try await server.eventually(within: Self.reloadSeconds) {
                try server.get("/docs/secret.html", as: "bob").status == 200
                    && server.get("/docs/guide.html", as: "bob").status == 401
            }
            #expect(changed, "the ACL edit never took effect; error log: \(server.site.read("error.log"))")
            #expect(try server.get("/docs/guide.html", as: "ann").status == 200)
        }
    }

    @Test func sighup_reloadsAnEditThePollerCannotSee() async throws {
        // The edit keeps the group file's size, inode and mtime, so only a forced reload sees it.
        try await withServer { server in
            #expect(try server.get("/team/", as: "carl").status == 401)
            let group = server.site.read("protection/group")
            var lines = group.components(separatedBy: "\n")
            let added = ", carl"
            let teamIndex = try #require(lines.firstIndex(of: "team: admins, bob"))
            lines[teamIndex] += added
            #expect(lines[0].hasPrefix("#") && lines[0].count > added.count + 1)
            lines[0] = String(lines[0].dropLast(added.count))
            try server.site.overwriteKeepingStamp("protection/group", lines.joined(separator: "\n"))
            server.send(signal: SIGHUP)
            let admitted = try await server.eventually(within: 2.0) {
                try server.get("/team/", as: "carl").status == 200
            }
            #expect(admitted, "SIGHUP did not reload; error log: \(server.site.read("error.log"))")
        }
    }

    @Test func brokenGroupFile_keepsTheLastGoodStateAndLogsFileAndLine() async throws {
        try await withServer { server in
            let group = server.site.read("protection/group")
            let brokenLine = group.hasSuffix("\n") ? group.components(separatedBy: "\n").count : group.components(separatedBy: "\n").count + 1
            try server.site.write("protection/group", group + (group.hasSuffix("\n") ? "" : "\n") + "broken (\n")
            let where_ = "\(server.site.path("protection/group")):\(brokenLine):"
            let logged = try await server.eventually(within: Self.reloadSeconds) {
                server.site.read("error.log").contains(where_)
            }
            #expect(logged, "no '\(where_)' in the error log: \(server.site.read("error.log"))")
            // The previous configuration still answers exactly as before.
            #expect(try server.get("/team/", as: "ann").status == 200)
            #expect(try server.get("/team/", as: "bob").status == 200)
            #expect(try server.get("/team/", as: "carl").status == 401)
            #expect(try server.get("/team/").status == 401)
            #expect(try server.get("/docs/guide.html", as: "carl").status == 200)
            #expect(try server.get("/docs/drafts-1.html", as: "bob").status == 401)
            // A SIGHUP does not make the broken file count either.
            server.send(signal: SIGHUP)
            #expect(try server.get("/team/", as: "ann").status == 200)
            // Fixing the file brings the new content in.
            try server.site.write("protection/group", group.replacingOccurrences(of: "team: admins, bob", with: "team: admins, bob, carl"))
            let fixed = try await server.eventually(within: Self.reloadSeconds) {
                try server.get("/team/", as: "carl").status == 200
            }
            #expect(fixed, "the fixed group file never took effect; error log: \(server.site.read("error.log"))")
        }
    }

    /// A password-file line for `user`: made by `htpasswd -nbB` when it is installed, else ann's
    /// bcrypt hash under the new name (then the password is ann's).
    static func passwordLine(user: String, password: String, site: TestSite) throws -> (line: String, password: String) {
        if toolExists("htpasswd") {
            let result = try ExternalTool.run("htpasswd", ["-nbB", user, password], scratch: site.root)
            let line = result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            if result.status == 0, line.hasPrefix("\(user):$2") { return (line, password) }
        }
        let annLine = try #require(site.read("protection/passwd").split(separator: "\n").first { $0.hasPrefix("ann:") })
        let hash = annLine.split(separator: ":")[1]
        return ("\(user):\(hash):Copied Hash", "ann-secret")
    }
}
