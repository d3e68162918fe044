import Dispatch
import Foundation
import Glibc
import Synchronization
import Testing

/// The real `gatehouse serve` binary running on a `TestSite`, listening on 127.0.0.1 at a port
/// the kernel chose. Started by `withServer`, which also stops it with SIGTERM and checks that it
/// exited 0. Requests go through `RawConnection`, so tests see the exact bytes.
final class TestServer: Sendable {
    /// How long the server may take to print its listening line.
    static let startTimeoutMilliseconds: Int32 = 10_000
    /// How long the server may take to exit after SIGTERM (its drain limit is 10 s; an idle
    /// server must be much quicker, see `LifecycleTests`).
    static let stopTimeoutSeconds = 12
    /// Worker threads: two, so requests really spread over more than one event loop.
    static let workers = 2

    /// How the process ended.
    struct Exit: Sendable, Equatable {
        /// Exit status, or the signal number when `signalled`.
        let status: Int32
        /// Killed by a signal rather than exiting.
        let signalled: Bool
        /// Seconds from SIGTERM to exit (nil when it had to be killed).
        let seconds: Double?
    }

    /// The files the server serves and writes.
    let site: TestSite
    /// The port it listens on.
    let port: UInt16
    /// The HTTPS port, when started with a TLS listener.
    let tlsPort: UInt16?
    /// Every plain HTTP port, in the banner's order (`port` is the first).
    let ports: [UInt16]
    /// The line it printed when it started.
    let banner: String

    private let process: Process
    private let stdoutPipe: Pipe
    private let exited: DispatchSemaphore
    private let exitResult = Mutex<Exit?>(nil)

    /// Starts the server on `site`; throws with the server's standard error if it does not come up.
    /// `workers` nil leaves the worker count to the server; `cpuList` runs it under `taskset -c`.
    init(site: TestSite, workers: Int? = TestServer.workers, cpuList: String? = nil, tls: Bool = false, extraArguments: [String] = [],
         environment: [String: String] = [:]) throws {
        self.site = site
        let binary = try TestServer.executable(named: "gatehouse")
        FileManager.default.createFile(atPath: site.serverStderr, contents: nil)
        let stderrHandle = try FileHandle(forWritingTo: URL(fileURLWithPath: site.serverStderr))
        defer { try? stderrHandle.close() }
        let process = Process()
        var arguments = ["serve", "--config", site.ruleFile, "--listen", "127.0.0.1:0",
                         "--access-log", site.accessLog, "--error-log", site.errorLog]
        if tls { arguments += ["--listen-tls", "127.0.0.1:0"] }
        if let workers { arguments += ["--workers", String(workers)] }
        arguments += extraArguments
        if let cpuList {
            // taskset execs the server, so the process (and its pid) is still the server.
            process.executableURL = URL(fileURLWithPath: "/usr/bin/taskset")
            process.arguments = ["-c", cpuList, binary] + arguments
        } else {
            process.executableURL = URL(fileURLWithPath: binary)
            process.arguments = arguments
        }
        process.currentDirectoryURL = site.root
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = stderrHandle
        process.standardInput = FileHandle.nullDevice
        let exited = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in exited.signal() }
        try process.run()
        self.process = process
        self.stdoutPipe = pipe
        self.exited = exited
        let line: String
        do {
            line = try TestServer.readLine(from: pipe.fileHandleForReading.fileDescriptor)
        } catch {
            process.terminate()
            _ = exited.wait(timeout: .now() + .seconds(TestServer.stopTimeoutSeconds))
            throw WireError("\(error); server stderr: \(site.read("stderr.txt")); error log: \(site.read("error.log"))")
        }
        banner = line
        guard let range = line.range(of: "http://127.0.0.1:"),
              let port = UInt16(line[range.upperBound...].prefix(while: \.isNumber)), port != 0 else {
            process.terminate()
            throw WireError("no port in the listening line \(String(reflecting: line))")
        }
        self.port = port
        ports = line.components(separatedBy: "http://127.0.0.1:").dropFirst().compactMap { UInt16($0.prefix(while: \.isNumber)) }
        if let range = line.range(of: "https://127.0.0.1:") {
            tlsPort = UInt16(line[range.upperBound...].prefix(while: \.isNumber))
        } else {
            tlsPort = nil
        }
    }

    /// Sends SIGTERM (once) and waits, bounded, for the exit; kills the process if it hangs.
    @discardableResult
    func stop() -> Exit {
        if let done = exitResult.withLock({ $0 }) { return done }
        let started = DispatchTime.now()
        kill(process.processIdentifier, SIGTERM)
        let result: Exit
        if exited.wait(timeout: .now() + .seconds(TestServer.stopTimeoutSeconds)) == .timedOut {
            kill(process.processIdentifier, SIGKILL)
            _ = exited.wait(timeout: .now() + .seconds(TestServer.stopTimeoutSeconds))
            result = Exit(status: SIGKILL, signalled: true, seconds: nil)
        } else {
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e9
            result = Exit(status: process.terminationStatus, signalled: process.terminationReason == .uncaughtSignal, seconds: seconds)
        }
        try? stdoutPipe.fileHandleForReading.close()
        exitResult.withLock { $0 = result }
        return result
    }

    /// The server's process id.
    var pid: Int32 { process.processIdentifier }

    /// Sends `signal` (e.g. SIGHUP) to the server.
    func send(signal: Int32) {
        kill(process.processIdentifier, signal)
    }

    /// A new connection to the server (from the loopback address `source` when given).
    func connect(from source: String? = nil) throws -> RawConnection { try RawConnection(port: port, from: source) }

    /// Sends `request` on a new connection and reads one response.
    func exchange(_ request: String, toHead: Bool = false, from source: String? = nil) throws -> WireResponse {
        let connection = try connect(from: source)
        try connection.send(request)
        return try connection.readResponse(toHead: toHead)
    }

    /// `GET path` over HTTP/1.1 with `Connection: close`, as `user` when given (Basic auth with
    /// `password`, default the sample password `<user>-secret`), plus any extra field lines;
    /// from the loopback address `source` when given.
    func get(_ path: String, as user: String? = nil, password: String? = nil, method: String = "GET",
             fields: [String] = [], from source: String? = nil) throws -> WireResponse {
        var request = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n"
        if let user { request += "Authorization: \(TestServer.basic(user, password ?? "\(user)-secret"))\r\n" }
        for field in fields { request += field + "\r\n" }
        return try exchange(request + "\r\n", toHead: method == "HEAD", from: source)
    }

    /// The `Authorization` value for Basic credentials (RFC 7617).
    static func basic(_ user: String, _ password: String) -> String {
        "Basic " + Data("\(user):\(password)".utf8).base64EncodedString()
    }

    /// Polls `condition` about ten times a second until it holds or `seconds` pass; returns
    /// whether it held. The short pause is the polling interval, not a wait the result relies on.
    func eventually(within seconds: Double, _ condition: () throws -> Bool) async throws -> Bool {
        let deadline = DispatchTime.now().uptimeNanoseconds + UInt64(seconds * 1e9)
        while true {
            if try condition() { return true }
            if DispatchTime.now().uptimeNanoseconds >= deadline { return false }
            try await Task.sleep(for: .milliseconds(100))
        }
    }

    /// The path of a sibling executable of the test bundle (`gatehouse`, `htadm`), looked for
    /// next to the running test binary (`/proc/self/exe`, `argv[0]`, the main bundle) and their
    /// parents, or in `$GATEHOUSE_BIN_DIR`.
    static func executable(named name: String) throws -> String {
        var directories: [URL] = []
        if let override = ProcessInfo.processInfo.environment["GATEHOUSE_BIN_DIR"] {
            directories.append(URL(fileURLWithPath: override))
        }
        if let exe = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            directories.append(URL(fileURLWithPath: exe).deletingLastPathComponent())
        }
        if let first = CommandLine.arguments.first {
            directories.append(URL(fileURLWithPath: first).resolvingSymlinksInPath().deletingLastPathComponent())
        }
        directories.append(Bundle.main.bundleURL)
        for directory in directories {
            var candidate = directory
            for _ in 0..<4 {
                let path = candidate.appendingPathComponent(name).path
                if FileManager.default.isExecutableFile(atPath: path), !FileManager.default.fileExists(atPath: path + "/Contents") {
                    return path
                }
                candidate = candidate.deletingLastPathComponent()
            }
        }
        throw WireError("cannot find the \(name) executable near \(directories.map(\.path)); build it or set GATEHOUSE_BIN_DIR")
    }

    /// Reads one line from `fd`, bounded by `startTimeoutMilliseconds` overall.
    private static func readLine(from fd: Int32) throws -> String {
        var bytes: [UInt8] = []
        let deadline = DispatchTime.now().uptimeNanoseconds + UInt64(startTimeoutMilliseconds) * 1_000_000
        while !bytes.contains(0x0A) {
            let now = DispatchTime.now().uptimeNanoseconds
            guard now < deadline else { throw WireError("no listening line within \(startTimeoutMilliseconds) ms (got \(RawConnection.show(bytes)))") }
            var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let ready = poll(&poller, 1, Int32((deadline - now) / 1_000_000) + 1)
            if ready < 0 && errno == EINTR { continue }
            guard ready > 0 else { continue }
            var buffer = [UInt8](repeating: 0, count: 1024)
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { throw WireError("server closed standard output before its listening line (got \(RawConnection.show(bytes)))") }
            bytes += buffer[..<n]
        }
        return String(decoding: bytes.prefix { $0 != 0x0A }, as: UTF8.self)
    }
}

/// Runs `body` against a fresh server on a fresh copy of the samples (after `prepare` edited the
/// copy), then stops the server with SIGTERM and expects a clean exit 0; removes the copy.
func withServer(prepare: (TestSite) throws -> Void = { _ in },
                workers: Int? = TestServer.workers, cpuList: String? = nil, tls: Bool = false, extraArguments: [String] = [],
                environment: [String: String] = [:], sourceLocation: SourceLocation = #_sourceLocation,
                _ body: (TestServer) async throws -> Void) async throws {
    let site = try TestSite.make()
    defer { site.remove() }
    if tls { try site.makeTLSCertificates() }
    try prepare(site)
    try site.giveToServedUser()
    let server = try TestServer(site: site, workers: workers, cpuList: cpuList, tls: tls, extraArguments: extraArguments,
                                environment: environment)
    do {
        try await body(server)
    } catch {
        server.stop()
        throw error
    }
    let exit = server.stop()
    #expect(exit.status == 0 && !exit.signalled,
            "gatehouse did not exit 0 after SIGTERM: \(exit); stderr: \(site.read("stderr.txt"))",
            sourceLocation: sourceLocation)
}
