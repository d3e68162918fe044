import Foundation
import Glibc

/// A blocking TCP client to 127.0.0.1 that sends exact bytes and reads responses off the wire.
/// Every read is bounded by `readTimeoutMilliseconds`, so a server that hangs fails the test
/// instead of hanging it.
final class RawConnection {
    /// How long one read may wait for bytes (generous: tests share two cores).
    static let readTimeoutMilliseconds: Int32 = 10_000
    /// The most bytes read before giving up on a response (no test response is near this).
    static let maxResponseBytes = 4 * 1024 * 1024

    private let descriptor: Int32
    /// Bytes received but not yet returned as part of a response.
    private var pending: [UInt8] = []
    /// The peer closed (FIN or RST) its side.
    private(set) var peerClosed = false
    /// The close was a reset (RST) rather than an orderly FIN.
    private(set) var wasReset = false

    /// Connects to `127.0.0.1:port`, from `source` (another loopback address, e.g. 127.0.0.2)
    /// when given.
    init(port: UInt16, from source: String? = nil) throws {
        descriptor = try RawConnection.connectLoopback(port: port, from: source)
    }

    /// A blocking TCP socket connected to `127.0.0.1:port`, with `TCP_NODELAY`.
    static func connectLoopback(port: UInt16, from source: String? = nil) throws -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw WireError("socket: errno \(errno)") }
        if let source {
            var local = sockaddr_in()
            local.sin_family = sa_family_t(AF_INET)
            local.sin_addr.s_addr = inet_addr(source)
            let bound = withUnsafePointer(to: &local) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            guard bound == 0 else {
                close(fd)
                throw WireError("bind \(source): errno \(errno)")
            }
        }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard result == 0 else {
            let code = errno
            close(fd)
            throw WireError("connect to 127.0.0.1:\(port): errno \(code)")
        }
        var one: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        return fd
    }

    deinit { close(descriptor) }

    /// Sends every byte of `bytes` (one `send` loop: pipelined requests go out together).
    func send(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { raw in
                Glibc.send(descriptor, raw.baseAddress! + offset, raw.count - offset, Int32(MSG_NOSIGNAL))
            }
            if n < 0 {
                if errno == EINTR { continue }
                throw WireError("send: errno \(errno) after \(offset) of \(bytes.count) bytes")
            }
            offset += n
        }
    }

    /// Sends `text` as UTF-8.
    func send(_ text: String) throws { try send(Array(text.utf8)) }

    /// Reads the next complete response: the head, then a body framed by `Content-Length`, or
    /// none for a response to HEAD (`toHead`), 1xx, 204 and 304, or else up to the close.
    func readResponse(toHead: Bool = false) throws -> WireResponse {
        var found = RawConnection.find([13, 10, 13, 10], in: pending)
        while found == nil {
            guard try fill() else {
                throw WireError("connection closed before a complete response head; received: \(RawConnection.show(pending))")
            }
            found = RawConnection.find([13, 10, 13, 10], in: pending)
        }
        guard let end = found else { throw WireError("no response head") }
        let headBytes = Array(pending[..<end])
        guard let head = WireResponse.parseHead(headBytes) else {
            throw WireError("not an HTTP response head: \(RawConnection.show(headBytes))")
        }
        let bodyStart = end + 4
        var bodyLength: Int?
        if toHead || (100..<200).contains(head.status) || head.status == 204 || head.status == 304 {
            bodyLength = 0
        } else if let text = head.fields.first(where: { $0.name.lowercased() == "content-length" })?.value {
            guard let n = Int(text), n >= 0 else { throw WireError("bad Content-Length \(text)") }
            bodyLength = n
        }
        if let length = bodyLength {
            while pending.count < bodyStart + length {
                guard try fill() else {
                    throw WireError("closed after \(pending.count - bodyStart) of \(length) body bytes: \(RawConnection.show(pending))")
                }
            }
        } else {
            while try fill() {}
        }
        let total = bodyLength.map { bodyStart + $0 } ?? pending.count
        let raw = Array(pending[..<total])
        pending.removeFirst(total)
        return WireResponse(raw: raw, version: head.version, status: head.status, reason: head.reason,
                            fields: head.fields, body: Array(raw[bodyStart...]))
    }

    /// Everything not yet returned, plus whatever arrives until the peer closes.
    func readToClose() throws -> [UInt8] {
        while try fill() {}
        defer { pending.removeAll() }
        return pending
    }

    /// True when the peer has closed (or closes) without sending another byte. A probe request
    /// is sent first: a server that kept the connection open would answer it, so the check does
    /// not depend on the server's idle timeout being longer than ours.
    func closesWithoutMoreBytes() throws -> Bool {
        if !peerClosed {
            // A send to a closed peer may fail (EPIPE/ECONNRESET): that is the answer we want.
            try? send("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        }
        return try readToClose().isEmpty && peerClosed
    }

    /// Reads once more into `pending`; false once the peer has closed. Throws on timeout.
    private func fill() throws -> Bool {
        if peerClosed { return false }
        guard pending.count < RawConnection.maxResponseBytes else { throw WireError("response larger than \(RawConnection.maxResponseBytes) bytes") }
        var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        var ready: Int32
        repeat { ready = poll(&poller, 1, RawConnection.readTimeoutMilliseconds) } while ready < 0 && errno == EINTR
        guard ready > 0 else {
            throw WireError("no bytes within \(RawConnection.readTimeoutMilliseconds) ms; received so far: \(RawConnection.show(pending))")
        }
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        var n: Int
        repeat { n = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) } } while n < 0 && errno == EINTR
        if n < 0 {
            guard errno == ECONNRESET else { throw WireError("recv: errno \(errno)") }
            wasReset = true
            peerClosed = true
            return false
        }
        if n == 0 {
            peerClosed = true
            return false
        }
        pending.append(contentsOf: buffer[..<n])
        return true
    }

    /// The offset of `needle` in `haystack`, if present.
    static func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        for i in 0...(haystack.count - needle.count) where haystack[i] == needle[0] {
            if Array(haystack[i..<(i + needle.count)]) == needle { return i }
        }
        return nil
    }

    /// Bytes as text for messages (first 2 KiB).
    static func show(_ bytes: [UInt8]) -> String {
        String(reflecting: String(decoding: bytes.prefix(2048), as: UTF8.self))
    }
}
