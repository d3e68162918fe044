import Foundation
import Glibc

/// A blocking client for CONNECT tests: sends bytes, reads a head, exact counts, or to the close,
/// and can half-close. Every read is bounded by `RawConnection.readTimeoutMilliseconds`.
final class ProxyTunnelClient {
    private let descriptor: Int32
    private var pending: [UInt8] = []

    /// Connects to `127.0.0.1:port`.
    init(port: UInt16) throws {
        descriptor = try RawConnection.connectLoopback(port: port)
    }

    deinit { close(descriptor) }

    /// Sends every byte (reading what arrives meanwhile, so a large echo cannot deadlock).
    func send(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            var poller = pollfd(fd: descriptor, events: Int16(POLLOUT | POLLIN), revents: 0)
            guard poll(&poller, 1, RawConnection.readTimeoutMilliseconds) > 0 else { throw WireError("send stalled at \(offset)") }
            if poller.revents & Int16(POLLIN) != 0 { _ = try fill() }
            guard poller.revents & Int16(POLLOUT) != 0 else { continue }
            let n = bytes.withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress! + offset, min(16 * 1024, $0.count - offset), Int32(MSG_NOSIGNAL | MSG_DONTWAIT)) }
            if n < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                throw WireError("send: errno \(errno)")
            }
            offset += n
        }
    }

    /// Ends the sending direction (FIN).
    func shutdownWrite() { shutdown(descriptor, Int32(SHUT_WR)) }

    /// The response head, up to and including the empty line.
    func readHead() throws -> String {
        while RawConnection.find([13, 10, 13, 10], in: pending) == nil {
            guard try fill() else { throw WireError("closed before a head: \(RawConnection.show(pending))") }
        }
        let end = RawConnection.find([13, 10, 13, 10], in: pending)! + 4
        defer { pending.removeFirst(end) }
        return String(decoding: pending[..<end], as: UTF8.self)
    }

    /// Exactly `count` bytes.
    func read(count: Int) throws -> [UInt8] {
        while pending.count < count {
            guard try fill() else { throw WireError("closed after \(pending.count) of \(count) bytes") }
        }
        defer { pending.removeFirst(count) }
        return Array(pending[..<count])
    }

    /// Everything until the peer closes.
    func readToClose() throws -> [UInt8] {
        while try fill() {}
        defer { pending.removeAll() }
        return pending
    }

    private func fill() throws -> Bool {
        var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        guard poll(&poller, 1, RawConnection.readTimeoutMilliseconds) > 0 else { throw WireError("no bytes within the timeout") }
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        let n = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
        if n < 0 && (errno == EINTR || errno == EAGAIN) { return true }
        guard n > 0 else { return false }
        pending += buffer[..<n]
        return true
    }
}
