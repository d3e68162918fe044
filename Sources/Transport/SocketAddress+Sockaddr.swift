import CSystem
import Glibc

extension SocketAddress {
    /// Converts a kernel `sockaddr` (from `accept4`, `getsockname`, `getpeername`).
    /// With `unmappingIPv4`, `::ffff:a.b.c.d` becomes the IPv4 address `a.b.c.d` (RFC 4291 §2.5.5.2).
    init?(storage: UnsafeRawPointer, length: socklen_t, unmappingIPv4: Bool) {
        let family = storage.load(fromByteOffset: 0, as: sa_family_t.self)
        switch Int32(family) {
        case AF_INET where Int(length) >= MemoryLayout<sockaddr_in>.size:
            let sin = storage.loadUnaligned(as: sockaddr_in.self)
            var raw: (UInt64, UInt64) = (0, 0)
            withUnsafeMutableBytes(of: &raw) { target in
                withUnsafeBytes(of: sin.sin_addr) { target.copyMemory(from: $0) }
            }
            self.init(family: .ipv4, port: UInt16(bigEndian: sin.sin_port), high: raw.0, low: raw.1)
        case AF_INET6 where Int(length) >= MemoryLayout<sockaddr_in6>.size:
            let sin6 = storage.loadUnaligned(as: sockaddr_in6.self)
            var raw: (UInt64, UInt64) = (0, 0)
            withUnsafeMutableBytes(of: &raw) { target in
                withUnsafeBytes(of: sin6.sin6_addr) { target.copyMemory(from: $0) }
            }
            let port = UInt16(bigEndian: sin6.sin6_port)
            if unmappingIPv4, let mapped = Self.unmapped(raw, port: port) {
                self = mapped
            } else {
                self.init(family: .ipv6, port: port, scopeID: sin6.sin6_scope_id, high: raw.0, low: raw.1)
            }
        default:
            return nil
        }
    }

    /// `::ffff:a.b.c.d` → `a.b.c.d`; `nil` for any other IPv6 address.
    private static func unmapped(_ raw: (UInt64, UInt64), port: UInt16) -> SocketAddress? {
        let isMapped = withUnsafeBytes(of: raw) { bytes in
            bytes.prefix(10).allSatisfy { $0 == 0 } && bytes[10] == 0xFF && bytes[11] == 0xFF
        }
        guard isMapped else { return nil }
        let v4 = withUnsafeBytes(of: raw) { Array($0[12..<16]) }
        return SocketAddress(bytes: v4, port: port)
    }

    /// Calls `body` with this address as a kernel `sockaddr` and its length.
    func withSockaddr<R>(_ body: (UnsafePointer<sockaddr>, socklen_t) throws(Errno) -> R) throws(Errno) -> R {
        var raw = (high, low)
        switch family {
        case .ipv4:
            var sin = sockaddr_in()
            sin.sin_family = sa_family_t(AF_INET)
            sin.sin_port = port.bigEndian
            withUnsafeMutableBytes(of: &sin.sin_addr) { target in
                withUnsafeBytes(of: &raw) { target.copyMemory(from: UnsafeRawBufferPointer(rebasing: $0.prefix(4))) }
            }
            return try withUnsafePointer(to: &sin) { (pointer) throws(Errno) -> R in
                try body(UnsafeRawPointer(pointer).assumingMemoryBound(to: sockaddr.self),
                         socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        case .ipv6:
            var sin6 = sockaddr_in6()
            sin6.sin6_family = sa_family_t(AF_INET6)
            sin6.sin6_port = port.bigEndian
            sin6.sin6_scope_id = scopeID
            withUnsafeMutableBytes(of: &sin6.sin6_addr) { target in
                withUnsafeBytes(of: &raw) { target.copyMemory(from: $0) }
            }
            return try withUnsafePointer(to: &sin6) { (pointer) throws(Errno) -> R in
                try body(UnsafeRawPointer(pointer).assumingMemoryBound(to: sockaddr.self),
                         socklen_t(MemoryLayout<sockaddr_in6>.size))
            }
        }
    }

    /// `AF_INET` or `AF_INET6`.
    var addressFamily: Int32 {
        switch family {
        case .ipv4: AF_INET
        case .ipv6: AF_INET6
        }
    }
}
