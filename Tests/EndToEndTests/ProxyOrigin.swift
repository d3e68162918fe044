import Foundation
import Glibc
import Synchronization

/// A tiny origin server for the proxy tests, on 127.0.0.1 at a port the kernel chose. It keeps
/// connections alive unless the request says `Connection: close`, and records every request head
/// and body it received with the connection it came on, so tests can see exactly what the proxy
/// forwarded and over which connection. With `dropReused` it closes a connection, unanswered, when
/// a second request arrives on it (an origin whose keep-alive timeout just ran out). In `echo`
/// mode it instead writes back every byte until the peer ends its stream (CONNECT tests).
///
/// Paths: `/hello` (200, `X-Origin`), `/auth` (401 with `WWW-Authenticate` unless `Authorization`
/// was sent), `/chunked` (chunked body), `/close` (body delimited by the close), `/echo` (the
/// request body back), `/big` (`bigBytes` of a pattern), anything else 404.
final class ProxyOrigin: Sendable {
    /// One request as the origin received it.
    struct Received: Sendable {
        /// `GET /hello HTTP/1.1`.
        let requestLine: String
        /// Field lines as received.
        let fields: [HTTPFieldLine]
        /// The body (by `Content-Length`).
        let body: [UInt8]
        /// Which connection it came on (0, 1, … in accept order).
        let connection: Int

        /// Every value of `name` (case-insensitive).
        func values(_ name: String) -> [String] {
            fields.filter { $0.name.lowercased() == name.lowercased() }.map(\.value)
        }
    }

    /// A field line.
    struct HTTPFieldLine: Sendable {
        let name: String
        let value: String
    }

    /// The body `/hello` sends.
    static let helloBody = "hello from the origin\n"
    /// The size of `/big`.
    static let bigBytes = 2 * 1024 * 1024
    /// How long one connection may take before the origin gives up on it.
    static let socketTimeoutSeconds = 10
    /// How often the accept loop looks at the stop flag.
    static let pollMilliseconds: Int32 = 50
    /// The largest request head or body read.
    static let maxRequestBytes = 4 * 1024 * 1024

    /// The port it listens on.
    let port: UInt16
    private let listener: Int32
    private let echo: Bool
    private let dropReused: Bool
    private let connections = Atomic<Int>(0)
    private let log = Mutex<[Received]>([])
    private let stopped = Atomic<Bool>(false)
    private let acceptLoopDone = DispatchSemaphore(value: 0)

    /// Starts listening and accepting on a background thread.
    init(echo: Bool = false, dropReused: Bool = false) throws {
        self.echo = echo
        self.dropReused = dropReused
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw WireError("socket: errno \(errno)") }
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 64) == 0 else {
            close(fd)
            throw WireError("bind/listen: errno \(errno)")
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        port = UInt16(bigEndian: address.sin_port)
        listener = fd
        let thread = Thread { [self] in acceptLoop() }
        thread.start()
    }

    /// Stops accepting and closes the listener (connections in progress finish on their own).
    func stop() {
        guard !stopped.exchange(true, ordering: .relaxed) else { return }
        _ = acceptLoopDone.wait(timeout: .now() + .seconds(ProxyOrigin.socketTimeoutSeconds))
        close(listener)
    }

    deinit { stop() }

    /// The requests received so far.
    var requests: [Received] { log.withLock { $0 } }

    /// A port on 127.0.0.1 where nobody listens (bound, then closed).
    static func closedPort() throws -> UInt16 {
        let origin = try ProxyOrigin()
        let port = origin.port
        origin.stop()
        return port
    }

    private func acceptLoop() {
        defer { acceptLoopDone.signal() }
        while !stopped.load(ordering: .relaxed) {
            var poller = pollfd(fd: listener, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, ProxyOrigin.pollMilliseconds) > 0 else { continue }
            let connection = accept(listener, nil, nil)
            guard connection >= 0 else { continue }
            var timeout = timeval(tv_sec: ProxyOrigin.socketTimeoutSeconds, tv_usec: 0)
            setsockopt(connection, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
            setsockopt(connection, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
            let number = connections.add(1, ordering: .relaxed).oldValue
            let thread = Thread { [self] in
                if echo { echoBytes(connection) } else { serve(connection, number: number) }
                close(connection)
            }
            thread.start()
        }
    }

    private func echoBytes(_ fd: Int32) {
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            guard n > 0 else { return }
            guard ProxyOrigin.sendAll(fd, Array(buffer[..<n])) else { return }
        }
    }

    /// Answers requests on one connection until the peer closes or asks to close.
    private func serve(_ fd: Int32, number: Int) {
        var input: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        for index in 0... {
            var headEnd = RawConnection.find([13, 10, 13, 10], in: input)
            while headEnd == nil {
                let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
                guard n > 0, input.count < ProxyOrigin.maxRequestBytes else { return }
                input += buffer[..<n]
                headEnd = RawConnection.find([13, 10, 13, 10], in: input)
            }
            guard let end = headEnd else { return }
            let lines = String(decoding: input[..<end], as: UTF8.self).components(separatedBy: "\r\n")
            let fields = lines.dropFirst().compactMap { line -> HTTPFieldLine? in
                guard let colon = line.firstIndex(of: ":") else { return nil }
                return HTTPFieldLine(name: String(line[..<colon]), value: line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
            }
            let length = fields.first { $0.name.lowercased() == "content-length" }.flatMap { Int($0.value) } ?? 0
            guard length <= ProxyOrigin.maxRequestBytes else { return }
            input.removeFirst(end + 4)
            while input.count < length {
                let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
                guard n > 0 else { return }
                input += buffer[..<n]
            }
            let received = Received(requestLine: lines[0], fields: fields, body: Array(input.prefix(length)), connection: number)
            input.removeFirst(length)
            log.withLock { $0.append(received) }
            if dropReused && index > 0 { return }
            let close = received.values("Connection").contains { $0.lowercased().contains("close") }
            guard ProxyOrigin.sendAll(fd, response(to: received, close: close)), !close else { return }
            if received.requestLine.hasPrefix("GET /close ") { return }
        }
    }

    private func response(to request: Received, close: Bool) -> [UInt8] {
        let parts = request.requestLine.split(separator: " ")
        let path = parts.count > 1 ? String(parts[1]) : ""
        let connection = close ? "Connection: close\r\n" : ""
        func plain(_ status: String, _ fields: [String], _ body: [UInt8]) -> [UInt8] {
            let head = (["HTTP/1.1 \(status)", "Content-Length: \(body.count)"] + (close ? ["Connection: close"] : []) + fields)
                .joined(separator: "\r\n")
            return Array((head + "\r\n\r\n").utf8) + body
        }
        switch path {
        case "/hello":
            return plain("200 OK", ["Content-Type: text/plain", "X-Origin: hello"], Array(ProxyOrigin.helloBody.utf8))
        case "/auth":
            if let credentials = request.values("Authorization").first {
                return plain("200 OK", [], Array("origin accepted \(credentials)\n".utf8))
            }
            return plain("401 Unauthorized", ["WWW-Authenticate: Basic realm=\"Origin Realm\""], Array("origin wants credentials\n".utf8))
        case "/chunked":
            let chunks = ["hello ", "chunked ", "world"].map { String($0.utf8.count, radix: 16) + "\r\n" + $0 + "\r\n" }.joined()
            return Array("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\(connection)\r\n\(chunks)0\r\n\r\n".utf8)
        case "/close":
            return Array("HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nbody until the close".utf8)
        case "/echo":
            return plain("200 OK", ["Content-Type: application/octet-stream"], request.body)
        case "/big":
            return plain("200 OK", [], ProxyOrigin.bigBody)
        default:
            return plain("404 Not Found", [], Array("no such page\n".utf8))
        }
    }

    /// The body of `/big`: a byte pattern, so a reordered or lost piece shows.
    static let bigBody: [UInt8] = (0..<bigBytes).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 8) }

    /// Sends every byte; false on failure.
    static func sendAll(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { send(fd, $0.baseAddress! + offset, $0.count - offset, Int32(MSG_NOSIGNAL)) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { return false }
            offset += n
        }
        return true
    }
}
