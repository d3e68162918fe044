import CSystem
import Glibc

/// A listening TCP socket: non-blocking, close-on-exec, `SO_REUSEADDR`, optionally
/// `SO_REUSEPORT` (one listener per event loop, the kernel spreading connections between them),
/// and `IPV6_V6ONLY` for IPv6 so `[::]` and `0.0.0.0` can be bound side by side.
public struct Listener: Sendable, Hashable {
    /// A connection taken off the accept queue.
    public struct Accepted: Sendable, Hashable {
        /// The connected socket: non-blocking and close-on-exec.
        public let socket: Socket
        /// Who connected (IPv4-mapped IPv6 reported as IPv4).
        public let peer: SocketAddress
    }

    /// The listening socket's descriptor (register it on a loop for `.readable`).
    public let descriptor: FileDescriptor
    /// The address actually bound: with port 0 asked for, this holds the port the kernel chose.
    public let boundAddress: SocketAddress

    /// Binds and listens. To run several loops on one port, bind the first with `reusePort: true`
    /// (port 0 is fine), then the others on its `boundAddress`, also with `reusePort: true`.
    public init(address: SocketAddress, reusePort: Bool = false, backlog: Int32 = TransportLimits.listenBacklog) throws(Errno) {
        let socket = try Socket.makeStreamSocket(for: address, nonBlocking: true)
        do throws(Errno) {
            try socket.setOption(level: SOL_SOCKET, name: SO_REUSEADDR, value: 1, call: "setsockopt(SO_REUSEADDR)")
            if reusePort {
                try socket.setOption(level: SOL_SOCKET, name: SO_REUSEPORT, value: 1, call: "setsockopt(SO_REUSEPORT)")
            }
            switch address.family {
            case .ipv4: break
            case .ipv6:
                try socket.setOption(level: Int32(IPPROTO_IPV6), name: IPV6_V6ONLY, value: 1, call: "setsockopt(IPV6_V6ONLY)")
            }
            try address.withSockaddr { (pointer, length) throws(Errno) in
                _ = try SystemCall.blocking("bind") { bind(socket.descriptor.rawValue, pointer, length) }
            }
            try SystemCall.blocking("listen") { listen(socket.descriptor.rawValue, backlog) }
            boundAddress = try socket.localAddress()
        } catch {
            socket.descriptor.closeIgnoringErrors()
            throw error
        }
        descriptor = socket.descriptor
    }

    /// A listener over an already listening descriptor.
    init(descriptor: FileDescriptor, boundAddress: SocketAddress) {
        self.descriptor = descriptor
        self.boundAddress = boundAddress
    }

    /// Takes one connection (`accept4` with `SOCK_NONBLOCK | SOCK_CLOEXEC`).
    ///
    /// Connections that died in the queue (`ECONNABORTED`, and the network errors accept(2) says
    /// to treat like `EAGAIN`) are skipped. `EMFILE`/`ENFILE`/`ENOBUFS`/`ENOMEM` are thrown: the
    /// caller must stop watching the listener for a while (`Acceptor` does) or it would spin.
    public func accept() throws(Errno) -> IOResult<Accepted> {
        var storage = sockaddr_storage()
        while true {
            var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
            let result: IOResult<Int32>
            do throws(Errno) {
                result = try withUnsafeMutablePointer(to: &storage) { (pointer) throws(Errno) -> IOResult<Int32> in
                    try pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { (address) throws(Errno) -> IOResult<Int32> in
                        try SystemCall.nonBlocking("accept4") {
                            csys_accept4(descriptor.rawValue, address, &length, Int32(SOCK_NONBLOCK.rawValue | SOCK_CLOEXEC.rawValue))
                        }
                    }
                }
            } catch where Self.isDeadConnection(error.code) {
                continue
            }
            switch result {
            case .wouldBlock:
                return .wouldBlock
            case .done(let fd):
                let socket = Socket(FileDescriptor(rawValue: fd))
                let peer = withUnsafeBytes(of: &storage) {
                    SocketAddress(storage: $0.baseAddress!, length: length, unmappingIPv4: true)
                }
                guard let peer else {
                    // Not IP (cannot happen on a TCP listener); refuse rather than guess.
                    socket.descriptor.closeIgnoringErrors()
                    continue
                }
                return .done(Accepted(socket: socket, peer: peer))
            }
        }
    }

    /// Stops listening.
    public func close() throws(Errno) { try descriptor.close() }

    /// accept(2), "Error handling": these report a connection that already failed; skip it.
    private static func isDeadConnection(_ code: Int32) -> Bool {
        switch code {
        case ECONNABORTED, EPROTO, ENETDOWN, ENOPROTOOPT, EHOSTDOWN, ENONET, EHOSTUNREACH, EOPNOTSUPP, ENETUNREACH:
            true
        default:
            false
        }
    }
}
