import Foundation
import Testing

/// `gatehouse explain` and `gatehouse serve` must give the same status for the same request:
/// every sample path × method × demo user (and a wrong password), then proxy requests with the
/// proxy on, to destinations inside and outside `ProxyDestinations`. The site's passwords are
/// rehashed at bcrypt cost 4 first, so the hundreds of checks stay quick, and the failure
/// throttle is set out of reach: it depends on the server's recent history, which `explain`
/// does not have (it is held by `FailureThrottleTests` and `HardeningTests`).
struct ExplainAgreementTests {
    static let paths = ["/", "/index.html", "/pub", "/pub/", "/pub/readme.txt", "/team/", "/team/missing.html", "/lab/",
                        "/docs/", "/docs/guide.html", "/docs/drafts-1.html", "/docs/secret.html", "/docs/.www_acl", "/nowhere.html"]
    static let methods = ["GET", "HEAD", "PUT", "DELETE", "POST", "OPTIONS"]
    static let users: [(user: String, password: String)?] = [nil, ("ann", "ann-secret"), ("bob", "bob-secret"), ("carl", "carl-secret"),
                                                              ("dave", "dave-secret"), ("ann", "wrong")]

    /// Rehashes the demo users' passwords at bcrypt cost 4 with the project's own tool.
    static func cheapenPasswords(_ site: TestSite) throws {
        try site.write("protection/httpd.conf", site.read("protection/httpd.conf") + "\nAuthFailureLimit 1000000\n")
        for user in ["ann", "bob", "carl", "dave"] {
            let result = try runGatehouse(["user", "passwd", site.path("protection/passwd"), user, "--cost", "4", "--password-stdin"],
                                          stdin: "\(user)-secret\n")
            guard result.status == 0 else { throw WireError("user passwd \(user): \(result.stderr)") }
        }
    }

    /// Runs the built `gatehouse`.
    static func runGatehouse(_ args: [String], stdin: String = "") throws -> (status: Int32, stdout: String, stderr: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try TestServer.executable(named: "gatehouse"))
        process.arguments = args
        let input = Pipe(), out = Pipe(), err = Pipe()
        process.standardInput = input
        process.standardOutput = out
        process.standardError = err
        try process.run()
        input.fileHandleForWriting.write(Data(stdin.utf8))
        try input.fileHandleForWriting.close()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self))
    }

    /// The status on explain's `HTTP/1.1 NNN …` line.
    static func explainedStatus(_ site: TestSite, method: String, target: String, user: (user: String, password: String)?,
                                proxy: Bool) throws -> Int {
        var args = ["explain", "--config", site.ruleFile, "--method", method]
        if proxy { args.append("--proxy") }
        if let user { args += ["--user", user.user, "--password-stdin"] }
        args.append(target)
        let result = try runGatehouse(args, stdin: user.map { $0.password + "\n" } ?? "")
        guard let line = result.stdout.split(separator: "\n").first(where: { $0.hasPrefix("HTTP/1.1 ") }),
              let code = Int(line.dropFirst(9).prefix(3)) else {
            throw WireError("explain \(args): no status line in \(result.stdout)\(result.stderr)")
        }
        return code
    }

    /// The status the server answers, over a fresh connection.
    static func servedStatus(_ server: TestServer, method: String, target: String, host: String,
                             user: (user: String, password: String)?, proxy: Bool) throws -> Int {
        var request = "\(method) \(target) HTTP/1.1\r\nHost: \(host)\r\nConnection: close\r\n"
        if let user { request += "\(proxy ? "Proxy-Authorization" : "Authorization"): \(TestServer.basic(user.user, user.password))\r\n" }
        if method == "PUT" || method == "POST" { request += "Content-Length: 1\r\n\r\nx" } else { request += "\r\n" }
        // A CONNECT that is allowed opens a tunnel: only its head comes back.
        return try server.exchange(request, toHead: method == "HEAD" || method == "CONNECT").status
    }

    @Test func originRequests_explainAgreesWithTheServer() async throws {
        try await withServer(prepare: Self.cheapenPasswords) { server in
            var disagreements: [String] = []
            for path in Self.paths {
                for method in Self.methods {
                    for user in Self.users {
                        let explained = try Self.explainedStatus(server.site, method: method, target: path, user: user, proxy: false)
                        let served = try Self.servedStatus(server, method: method, target: path, host: "127.0.0.1:\(server.port)",
                                                           user: user, proxy: false)
                        if explained != served {
                            disagreements.append("\(method) \(path) as \(user?.user ?? "anonymous")/\(user?.password ?? ""): explain \(explained), server \(served)")
                        }
                    }
                }
            }
            #expect(disagreements.isEmpty, "\(disagreements.joined(separator: "\n"))")
        }
    }

    @Test(arguments: [nil, "127.0.0.1"])
    func proxyRequests_explainAgreesWithTheServer(destinations: String?) async throws {
        let origin = try ProxyOrigin()
        defer { origin.stop() }
        try await withServer(prepare: { site in
            try site.write("protection/httpd.conf", ProxyTests.config(destinations: destinations, connectPorts: [origin.port]))
            try Self.cheapenPasswords(site)
        }) { server in
            var disagreements: [String] = []
            let targets: [(method: String, target: String)] = [
                ("GET", "http://127.0.0.1:\(origin.port)/hello"), ("HEAD", "http://127.0.0.1:\(origin.port)/hello"),
                ("POST", "http://127.0.0.1:\(origin.port)/echo"), ("PUT", "http://127.0.0.1:\(origin.port)/hello"),
                ("OPTIONS", "http://127.0.0.1:\(origin.port)/hello"), ("CONNECT", "127.0.0.1:\(origin.port)"),
                ("CONNECT", "127.0.0.1:22"),
            ]
            for (method, target) in targets {
                for user in Self.users {
                    let explained = try Self.explainedStatus(server.site, method: method, target: target, user: user, proxy: true)
                    let host = target.hasPrefix("http://") ? String(target.dropFirst(7).prefix { $0 != "/" }) : target
                    let served = try Self.servedStatus(server, method: method, target: target, host: host, user: user, proxy: true)
                    if explained != served {
                        disagreements.append("\(method) \(target) as \(user?.user ?? "anonymous")/\(user?.password ?? ""): explain \(explained), server \(served)")
                    }
                }
            }
            #expect(disagreements.isEmpty, "\(disagreements.joined(separator: "\n"))")
        }
    }
}
