import CSystem
import Glibc

extension Socket {
    /// Opens a blocking TCP connection (for tests and command-line tools, never on a loop thread).
    /// Pair it with `setTimeouts(milliseconds:)` so reads cannot hang.
    public static func connect(to address: SocketAddress) throws(Errno) -> Socket {
        let socket = try makeStreamSocket(for: address, nonBlocking: false)
        do throws(Errno) {
            let state = try address.withSockaddr { (pointer, length) throws(Errno) -> IOResult<Void> in
                try SystemCall.connecting { Glibc.connect(socket.descriptor.rawValue, pointer, length) }
            }
            if case .wouldBlock = state {
                // Interrupted by a signal: the connect goes on; wait for it, then read its outcome.
                var poller = pollfd(fd: socket.descriptor.rawValue, events: Int16(POLLOUT), revents: 0)
                try SystemCall.blocking("poll") { poll(&poller, 1, -1) }
                try socket.finishConnect()
            }
        } catch {
            socket.descriptor.closeIgnoringErrors()
            throw error
        }
        return socket
    }

    /// Starts a non-blocking connection (for a proxy on a loop). `.done` means it is connected
    /// already; `.wouldBlock` means it is in progress: register for `.writable`, and when it fires
    /// call `finishConnect()`. The socket is returned in both cases and owned by the caller.
    public static func beginConnect(to address: SocketAddress) throws(Errno) -> (socket: Socket, state: IOResult<Void>) {
        let socket = try makeStreamSocket(for: address, nonBlocking: true)
        do throws(Errno) {
            let state = try address.withSockaddr { (pointer, length) throws(Errno) -> IOResult<Void> in
                try SystemCall.connecting { Glibc.connect(socket.descriptor.rawValue, pointer, length) }
            }
            return (socket, state)
        } catch {
            socket.descriptor.closeIgnoringErrors()
            throw error
        }
    }

    /// Completes `beginConnect` once the socket is writable: throws the connection's error
    /// (`ECONNREFUSED`, `ETIMEDOUT`, …) if it failed.
    public func finishConnect() throws(Errno) {
        let code = try pendingError()
        if code != 0 { throw Errno(code, call: "connect") }
    }

    /// A new TCP socket of the address's family, close-on-exec.
    static func makeStreamSocket(for address: SocketAddress, nonBlocking: Bool) throws(Errno) -> Socket {
        let type = Int32(SOCK_STREAM.rawValue | SOCK_CLOEXEC.rawValue | (nonBlocking ? SOCK_NONBLOCK.rawValue : 0))
        let fd = try SystemCall.blocking("socket") { Glibc.socket(address.addressFamily, type, Int32(IPPROTO_TCP)) }
        return Socket(FileDescriptor(rawValue: fd))
    }
}
