import Foundation
import Glibc
import Testing

/// Running it for real: one server per address, systemd's readiness notifications and socket
/// activation, and the privilege drop when started as root.
struct DeploymentTests {
    @Test func secondServerOnABoundAddress_failsAtOnceNamingTheAddress() async throws {
        try await withServer { first in
            let site = try TestSite.make()
            defer { site.remove() }
            let result = try ExternalTool.run(try TestServer.executable(named: "gatehouse"),
                                              ["serve", "--config", site.ruleFile, "--listen", "127.0.0.1:\(first.port)",
                                               "--access-log", site.accessLog, "--error-log", site.errorLog], scratch: site.root)
            #expect(result.status == 1, "\(result.stdout)\(result.stderr)")
            #expect(result.stderr.contains("cannot listen on 127.0.0.1:\(first.port): address already in use"), "\(result.stderr)")
            // The first server is untouched.
            let still = try first.get("/")
            #expect(still.status == 200)
        }
        // Anything else listening there (here a plain socket of the test's own) counts too.
        let other = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(other) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(other, $0, length) == 0 && listen(other, 8) == 0 && getsockname(other, $0, &length) == 0 }
        }
        #expect(bound)
        let port = UInt16(bigEndian: address.sin_port)
        let site = try TestSite.make()
        defer { site.remove() }
        let result = try ExternalTool.run(try TestServer.executable(named: "gatehouse"),
                                          ["serve", "--config", site.ruleFile, "--listen", "127.0.0.1:\(port)", "--error-log", site.errorLog], scratch: site.root)
        #expect(result.status == 1 && result.stderr.contains("cannot listen on 127.0.0.1:\(port): address already in use"), "\(result.stderr)")
    }

    /// A datagram socket standing in for systemd's `$NOTIFY_SOCKET`.
    final class NotifySocket {
        let path: String
        let descriptor: Int32

        init(path: String) throws {
            self.path = path
            descriptor = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
            var address = sockaddr_un()
            address.sun_family = sa_family_t(AF_UNIX)
            withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: Array(path.utf8)) }
            let bound = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
            }
            guard bound == 0 else { throw WireError("bind \(path): errno \(errno)") }
            chmod(path, 0o777)
        }

        deinit { close(descriptor) }

        /// The next datagram, waiting at most 10 s.
        func next() throws -> String {
            var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, 10_000) == 1 else { throw WireError("no notification within 10 s") }
            var buffer = [UInt8](repeating: 0, count: 4096)
            let n = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            guard n > 0 else { throw WireError("recv: errno \(errno)") }
            return String(decoding: buffer[..<n], as: UTF8.self)
        }
    }

    /// Starts `gatehouse serve` the way systemd does with socket activation: a listening socket
    /// as descriptor 3 with `LISTEN_FDS`/`LISTEN_PID`/`LISTEN_FDNAMES`, and `NOTIFY_SOCKET`.
    /// Python sets up the descriptor and then execs the server (same pid, as `LISTEN_PID` needs).
    static let activator = """
        import os, socket, sys
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.bind(("127.0.0.1", 0))
        listener.listen(64)
        os.dup2(listener.fileno(), 3)
        os.set_inheritable(3, True)
        env = dict(os.environ, LISTEN_FDS="1", LISTEN_PID=str(os.getpid()), LISTEN_FDNAMES="http", NOTIFY_SOCKET=sys.argv[1])
        os.execve(sys.argv[2], sys.argv[2:], env)
        """

    @Test(.enabled(if: toolExists("python3")))
    func socketActivationAndNotifications_likeSystemd() throws {
        let site = try TestSite.make()
        defer { site.remove() }
        try site.giveToServedUser()
        let notify = try NotifySocket(path: site.path("notify.sock"))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(ExternalTool.path(of: "python3")))
        process.arguments = ["-c", Self.activator, notify.path, try TestServer.executable(named: "gatehouse"), "serve", "--config", site.ruleFile,
                             "--access-log", site.accessLog, "--error-log", site.errorLog, "--workers", "2"]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer { if process.isRunning { process.terminate() } }
        let ready = try notify.next()
        #expect(ready.contains("READY=1"), "\(ready)")
        #expect(ready.contains("MAINPID=\(process.processIdentifier)"), "\(ready)")
        let banner = String(decoding: out.fileHandleForReading.availableData, as: UTF8.self)
        let port = try #require(banner.components(separatedBy: "http://127.0.0.1:").dropFirst().first.flatMap { UInt16($0.prefix(while: \.isNumber)) },
                                "\(banner)")
        for _ in 0..<4 {
            let connection = try RawConnection(port: port)
            try connection.send("GET /pub/readme.txt HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            #expect(try connection.readResponse().status == 200, "the inherited socket serves")
        }
        kill(process.processIdentifier, SIGHUP)
        let reloading = try notify.next()
        #expect(reloading.contains("RELOADING=1") && reloading.contains("MONOTONIC_USEC="), "\(reloading)")
        #expect(try notify.next().contains("READY=1"))
        kill(process.processIdentifier, SIGTERM)
        #expect(try notify.next().contains("STOPPING=1"))
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
    }

    /// Root only (CI is root): the server binds, then serves as nobody; a PUT writes a file
    /// nobody owns.
    @Test(.enabled(if: geteuid() == 0))
    func startedAsRoot_servesAsNobody_andWritesFilesAsNobody() async throws {
        try await withServer { server in
            #expect(server.banner.contains("serving as nobody"), "\(server.banner)")
            let status = try String(contentsOfFile: "/proc/\(server.pid)/status", encoding: .utf8)
            let uid = try #require(status.split(separator: "\n").first { $0.hasPrefix("Uid:") })
            let nobody = try #require(getpwnam("nobody")).pointee.pw_uid
            #expect(uid.split(whereSeparator: { $0 == "\t" || $0 == " " }).dropFirst().allSatisfy { $0 == "\(nobody)" }, "\(uid)")
            let body = "<h1>by carl</h1>\n"
            let put = try server.exchange("PUT /docs/drafts-1.html HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                                          + "Authorization: \(TestServer.basic("carl", "carl-secret"))\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)")
            #expect(put.status == 204, "\(put)")
            var info = stat()
            #expect(stat(server.site.path("www/docs/drafts-1.html"), &info) == 0)
            #expect(info.st_uid == nobody)
        }
    }

    /// Root only: logs in a directory only root may write (as /var/log/gatehouse is) are given to
    /// the served user at start, so logrotate's rename + `create` + SIGUSR1 works after the drop;
    /// without `create` the reopen fails, says which file, and nothing is lost.
    @Test(.enabled(if: geteuid() == 0))
    func startedAsRoot_logsStayReopenableAfterTheDrop() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("gatehouse-logs-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: false,
                                                attributes: [.posixPermissions: 0o755])
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let access = directory + "/access.log"
        try await withServer(extraArguments: ["--access-log", access]) { server in
            let nobody = try #require(getpwnam("nobody")).pointee.pw_uid
            var info = stat()
            #expect(stat(access, &info) == 0 && info.st_uid == nobody, "the access log is the served user's")
            #expect(try server.get("/pub/readme.txt?n=1").status == 200)
            // logrotate with `create … nobody`: rename, make the new file for the served user, signal.
            try FileManager.default.moveItem(atPath: access, toPath: access + ".1")
            try "".write(toFile: access, atomically: false, encoding: .utf8)
            #expect(chown(access, nobody, gid_t.max) == 0)
            server.send(signal: SIGUSR1)
            #expect(try await server.eventually(within: 5) { server.site.read("error.log").contains("reopened the logs") })
            #expect(try server.get("/pub/readme.txt?n=2").status == 200)
            // Without `create`: nobody cannot make a file in the directory; the old one goes on.
            try FileManager.default.moveItem(atPath: access, toPath: access + ".2")
            server.send(signal: SIGUSR1)
            #expect(try await server.eventually(within: 5) {
                server.site.read("error.log").contains("cannot reopen the access log \(access)")
            }, "\(server.site.read("error.log"))")
            #expect(try server.get("/pub/readme.txt?n=3").status == 200)
            server.stop()
            let first = (try? String(contentsOfFile: access + ".1", encoding: .utf8)) ?? ""
            let second = (try? String(contentsOfFile: access + ".2", encoding: .utf8)) ?? ""
            #expect(first.contains("?n=1") && !first.contains("?n=2"), "\(first)")
            #expect(second.contains("?n=2") && second.contains("?n=3"), "after a failed reopen the lines stay in the file in use: \(second)")
        }
    }

    @Test(.enabled(if: geteuid() == 0))
    func userIdRoot_staysRootAndWarns() async throws {
        try await withServer(prepare: { site in
            try site.write("protection/httpd.conf", site.read("protection/httpd.conf") + "\nUserId root\n")
        }) { server in
            #expect(server.banner.contains("serving as root"), "\(server.banner)")
            #expect(server.site.read("error.log").contains("warning: serving as root"), "\(server.site.read("error.log"))")
        }
    }
}
