import CSystem
import Glibc

extension Socket {
    /// Turns Nagle's algorithm off (`TCP_NODELAY`) so a response's last segment is not held back
    /// waiting for the ACK of the previous one (RFC 896 vs. delayed ACKs, RFC 1122 §4.2.3.2).
    public func setNoDelay(_ on: Bool = true) throws(Errno) {
        try setOption(level: Int32(IPPROTO_TCP), name: TCP_NODELAY, value: on ? 1 : 0, call: "setsockopt(TCP_NODELAY)")
    }

    /// Bounds blocking reads and writes (`SO_RCVTIMEO`/`SO_SNDTIMEO`): a call that waits longer
    /// returns `.wouldBlock`. For blocking clients (tests, tools), never for loop sockets.
    public func setTimeouts(milliseconds: Int) throws(Errno) {
        var interval = timeval(tv_sec: milliseconds / 1000, tv_usec: (milliseconds % 1000) * 1000)
        for option in [SO_RCVTIMEO, SO_SNDTIMEO] {
            try SystemCall.blocking("setsockopt(SO_RCVTIMEO/SO_SNDTIMEO)") {
                setsockopt(descriptor.rawValue, SOL_SOCKET, option, &interval, socklen_t(MemoryLayout<timeval>.size))
            }
        }
    }

    /// This end's address (`getsockname(2)`).
    public func localAddress() throws(Errno) -> SocketAddress {
        try Self.address(of: descriptor, call: "getsockname", unmappingIPv4: false) { getsockname($0, $1, $2) }
    }

    /// The peer's address (`getpeername(2)`), IPv4-mapped IPv6 reported as IPv4.
    public func peerAddress() throws(Errno) -> SocketAddress {
        try Self.address(of: descriptor, call: "getpeername", unmappingIPv4: true) { getpeername($0, $1, $2) }
    }

    /// The pending socket error (`SO_ERROR`), cleared by reading it; 0 when none.
    func pendingError() throws(Errno) -> Int32 {
        var value: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        try SystemCall.blocking("getsockopt(SO_ERROR)") {
            getsockopt(descriptor.rawValue, SOL_SOCKET, SO_ERROR, &value, &length)
        }
        return value
    }

    /// `setsockopt` with an `int` value.
    func setOption(level: Int32, name: Int32, value: Int32, call: StaticString) throws(Errno) {
        var value = value
        try SystemCall.blocking(call) {
            setsockopt(descriptor.rawValue, level, name, &value, socklen_t(MemoryLayout<Int32>.size))
        }
    }

    /// Runs a `getsockname`-shaped call and converts the result.
    static func address(
        of descriptor: FileDescriptor, call: StaticString, unmappingIPv4: Bool,
        _ body: (Int32, UnsafeMutablePointer<sockaddr>, UnsafeMutablePointer<socklen_t>) -> Int32
    ) throws(Errno) -> SocketAddress {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        try withUnsafeMutablePointer(to: &storage) { (pointer) throws(Errno) in
            try pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { (address) throws(Errno) in
                _ = try SystemCall.blocking(call) { body(descriptor.rawValue, address, &length) }
            }
        }
        guard let address = withUnsafeBytes(of: &storage, {
            SocketAddress(storage: $0.baseAddress!, length: length, unmappingIPv4: unmappingIPv4)
        }) else { throw Errno(EAFNOSUPPORT, call: call) }
        return address
    }
}
