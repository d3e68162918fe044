import CSystem
import Glibc

/// A connected stream socket (normally non-blocking, as `Listener.accept()` makes them).
///
/// A value wrapping the descriptor; the owner closes it once. Every operation is one system call
/// through `SystemCall`. Writes use `MSG_NOSIGNAL`; `sendfile(2)` cannot, so servers call
/// `Signals.ignoreBrokenPipe()` at startup.
public struct Socket: Sendable, Hashable {
    /// The socket's descriptor.
    public let descriptor: FileDescriptor

    /// Wraps a connected socket descriptor.
    public init(_ descriptor: FileDescriptor) { self.descriptor = descriptor }

    /// How much of the connection `shutdown(_:)` ends.
    public enum ShutdownMode: Sendable {
        /// No more reads.
        case read
        /// No more writes: sends FIN (for a lingering close, keep reading until the peer closes).
        case write
        /// Both directions.
        case both
    }

    /// Reads into `buffer` (which must not be empty). `.peerClosed` at end of stream.
    public func read(into buffer: UnsafeMutableRawBufferPointer) throws(Errno) -> Transfer {
        assert(!buffer.isEmpty, "an empty read would look like end of stream")
        return try Self.transfer("read", ignoringEndOfStream: false) { Glibc.read(descriptor.rawValue, buffer.baseAddress, buffer.count) }
    }

    /// Looks at the bytes waiting (`recv` with `MSG_PEEK`) without taking them: the next read
    /// returns them again. `.peerClosed` at end of stream.
    public func peek(into buffer: UnsafeMutableRawBufferPointer) throws(Errno) -> Transfer {
        assert(!buffer.isEmpty, "an empty peek would look like end of stream")
        return try Self.transfer("recv(MSG_PEEK)", ignoringEndOfStream: false) {
            Glibc.recv(descriptor.rawValue, buffer.baseAddress, buffer.count, Int32(MSG_PEEK))
        }
    }

    /// Writes `bytes`; returns how many went out (possibly fewer). `more` sets `MSG_MORE`: the
    /// kernel holds a partial segment for the next write (a head before `sendfile`).
    public func write(_ bytes: UnsafeRawBufferPointer, more: Bool = false) throws(Errno) -> Transfer {
        let flags = Int32(MSG_NOSIGNAL) | (more ? Int32(MSG_MORE) : 0)
        return try Self.transfer("send", ignoringEndOfStream: true) { Glibc.send(descriptor.rawValue, bytes.baseAddress, bytes.count, flags) }
    }

    /// Writes `head` then `body` in one system call (`sendmsg` with two `iovec`s, which is
    /// `writev(2)` plus flags). Returns the total written across both; the caller advances.
    public func writev(_ head: UnsafeRawBufferPointer, _ body: UnsafeRawBufferPointer, more: Bool = false) throws(Errno) -> Transfer {
        var vectors = (
            iovec(iov_base: UnsafeMutableRawPointer(mutating: head.baseAddress), iov_len: head.count),
            iovec(iov_base: UnsafeMutableRawPointer(mutating: body.baseAddress), iov_len: body.count)
        )
        let flags = Int32(MSG_NOSIGNAL) | (more ? Int32(MSG_MORE) : 0)
        return try withUnsafeMutableBytes(of: &vectors) { (raw) throws(Errno) -> Transfer in
            var message = msghdr()
            message.msg_iov = raw.baseAddress?.assumingMemoryBound(to: iovec.self)
            message.msg_iovlen = 2
            return try Self.transfer("sendmsg", ignoringEndOfStream: true) { Glibc.sendmsg(descriptor.rawValue, &message, flags) }
        }
    }

    /// Sends up to `count` bytes of `file` starting at `offset` (zero-copy `sendfile(2)`); the
    /// caller advances its offset by the result. `.bytes(0)` means the file is shorter than
    /// expected (truncated while being served): treat it as an error, never retry it.
    public func sendfile(from file: FileDescriptor, offset: Int64, count: Int) throws(Errno) -> Transfer {
        var position = off_t(offset)
        return try Self.transfer("sendfile", ignoringEndOfStream: true) {
            Glibc.sendfile(descriptor.rawValue, file.rawValue, &position, count)
        }
    }

    /// Ends one or both directions (`shutdown(2)`). `ENOTCONN` (peer already gone) is not an error.
    public func shutdown(_ mode: ShutdownMode) throws(Errno) {
        let how: Int32 = switch mode {
        case .read: Int32(SHUT_RD)
        case .write: Int32(SHUT_WR)
        case .both: Int32(SHUT_RDWR)
        }
        do throws(Errno) {
            try SystemCall.blocking("shutdown") { Glibc.shutdown(descriptor.rawValue, how) }
        } catch where error.code == ENOTCONN {
            return
        }
    }

    /// Closes the socket without `SO_LINGER`: unsent data is still delivered in the background.
    public func close() throws(Errno) { try descriptor.close() }

    /// Maps a read/write-style result: -1 → wouldBlock / peerClosed / throw; 0 on read → peerClosed.
    @inline(__always)
    static func transfer(_ call: StaticString, ignoringEndOfStream: Bool, _ body: () -> Int) throws(Errno) -> Transfer {
        do throws(Errno) {
            switch try SystemCall.nonBlocking(call, body) {
            case .wouldBlock: return .wouldBlock
            case .done(let count):
                return count == 0 && !ignoringEndOfStream ? .peerClosed : .bytes(count)
            }
        } catch {
            if error.code == ECONNRESET || error.code == EPIPE { return .peerClosed }
            throw error
        }
    }
}
