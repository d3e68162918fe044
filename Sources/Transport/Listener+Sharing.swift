import CSystem
import Glibc

extension Listener {
    /// Whether something already listens on `address` (any process, Gatehouse or not): a socket
    /// without `SO_REUSEPORT` cannot be bound beside a listener, so the bind fails with
    /// `EADDRINUSE`. With port 0, returns the free port the kernel picked (nil: nothing there).
    /// Workers of one server share a port through `SO_REUSEPORT`; this check keeps a second
    /// server from quietly joining them and splitting the requests.
    public static func probe(_ address: SocketAddress) throws(Errno) -> SocketAddress {
        let socket = try Socket.makeStreamSocket(for: address, nonBlocking: true)
        defer { socket.descriptor.closeIgnoringErrors() }
        try socket.setOption(level: SOL_SOCKET, name: SO_REUSEADDR, value: 1, call: "setsockopt(SO_REUSEADDR)")
        if address.family == .ipv6 {
            try socket.setOption(level: Int32(IPPROTO_IPV6), name: IPV6_V6ONLY, value: 1, call: "setsockopt(IPV6_V6ONLY)")
        }
        try address.withSockaddr { (pointer, length) throws(Errno) in
            _ = try SystemCall.blocking("bind") { bind(socket.descriptor.rawValue, pointer, length) }
        }
        return try socket.localAddress()
    }

    /// A listener over a listening socket this process was given (systemd socket activation,
    /// `LISTEN_FDS`): made non-blocking and close-on-exec. Throws when it is not a listening
    /// TCP socket.
    public init(inherited descriptor: FileDescriptor) throws(Errno) {
        var listening: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        try SystemCall.blocking("getsockopt(SO_ACCEPTCONN)") {
            getsockopt(descriptor.rawValue, SOL_SOCKET, SO_ACCEPTCONN, &listening, &length)
        }
        guard listening == 1 else { throw Errno(EINVAL, call: "getsockopt(SO_ACCEPTCONN): not a listening socket") }
        try SystemCall.blocking("fcntl(O_NONBLOCK)") { csys_set_nonblocking(descriptor.rawValue) }
        try SystemCall.blocking("fcntl(FD_CLOEXEC)") { fcntl(descriptor.rawValue, F_SETFD, FD_CLOEXEC) }
        self.init(descriptor: descriptor, boundAddress: try Socket(descriptor).localAddress())
    }

    /// Another descriptor for the same listening socket (`dup`), for another event loop.
    public func duplicate() throws(Errno) -> Listener {
        let copy = try SystemCall.blocking("fcntl(F_DUPFD_CLOEXEC)") { fcntl(descriptor.rawValue, F_DUPFD_CLOEXEC, 0) }
        return Listener(descriptor: FileDescriptor(rawValue: copy), boundAddress: boundAddress)
    }
}
