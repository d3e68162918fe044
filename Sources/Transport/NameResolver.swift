import CSystem
import Glibc

/// Host-name resolution with `getaddrinfo(3)`. It blocks (DNS may take seconds), so call it off
/// the loop threads only (a `DispatchQueue`), never from an event handler.
public enum NameResolver {
    /// The most addresses returned for one name; the rest are ignored.
    public static let maxAddresses = 16

    /// Why a name could not be resolved: the `EAI_*` code and its `gai_strerror` text
    /// (`EAI_SYSTEM` carries the `errno` text instead).
    public struct Failure: Error, Sendable, Hashable, CustomStringConvertible {
        /// The `EAI_*` code.
        public let code: Int32
        /// A short explanation.
        public let description: String
    }

    /// The TCP addresses of `host` (a name or a numeric address, without brackets) at `port`,
    /// in the resolver's order, duplicates removed. An empty answer is a failure (`EAI_NONAME`).
    public static func resolve(host: String, port: UInt16) throws(Failure) -> [SocketAddress] {
        guard !host.isEmpty, !host.utf8.contains(0) else {
            throw Failure(code: EAI_NONAME, description: "empty or invalid host name")
        }
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_protocol = Int32(IPPROTO_TCP)
        hints.ai_flags = AI_ADDRCONFIG | AI_NUMERICSERV
        var list: UnsafeMutablePointer<addrinfo>?
        var code: Int32
        repeat {
            code = getaddrinfo(host, String(port), &hints, &list)
        } while code == EAI_SYSTEM && errno == EINTR
        guard code == 0 else {
            let text = code == EAI_SYSTEM ? String(cString: strerror(errno)) : String(cString: gai_strerror(code))
            throw Failure(code: code, description: text)
        }
        defer { freeaddrinfo(list) }
        var addresses: [SocketAddress] = []
        var entry = list
        while let current = entry, addresses.count < maxAddresses {
            if let raw = current.pointee.ai_addr,
               let address = SocketAddress(storage: raw, length: current.pointee.ai_addrlen, unmappingIPv4: true),
               !addresses.contains(address) {
                addresses.append(address)
            }
            entry = current.pointee.ai_next
        }
        guard !addresses.isEmpty else { throw Failure(code: EAI_NONAME, description: "no addresses") }
        return addresses
    }
}
