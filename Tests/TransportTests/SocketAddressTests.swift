import Glibc
import Testing
@testable import Transport

@Suite struct SocketAddressTests {
    @Test(arguments: [
        ("127.0.0.1:8080", "127.0.0.1:8080", SocketAddress.Family.ipv4, UInt16(8080)),
        ("10.1.2.3:0", "10.1.2.3:0", .ipv4, 0),
        ("255.255.255.255:65535", "255.255.255.255:65535", .ipv4, 65535),
        ("*:8080", "0.0.0.0:8080", .ipv4, 8080),
        (":80", "0.0.0.0:80", .ipv4, 80),
        ("[::1]:8080", "[::1]:8080", .ipv6, 8080),
        ("[::]:443", "[::]:443", .ipv6, 443),
        ("[2001:DB8:0:0:0:0:0:1]:1", "[2001:db8::1]:1", .ipv6, 1),
        ("[::ffff:1.2.3.4]:9", "[::ffff:1.2.3.4]:9", .ipv6, 9),
    ])
    func parse_rendersCanonicalForm(text: String, rendered: String, family: SocketAddress.Family, port: UInt16) throws {
        let address = try SocketAddress(parsing: text)
        #expect(address.description == rendered)
        #expect(address.family == family)
        #expect(address.port == port)
        #expect(try SocketAddress(parsing: rendered) == address)
    }

    @Test(arguments: [
        "", "8080", "127.0.0.1", "127.0.0.1:", "127.0.0.1:65536", "127.0.0.1:-1", "127.0.0.1:80a",
        "127.0.0.1:+80", "127.0.0.1:123456", "localhost:80", "1.2.3:80", "01.2.3.4:80", "1.2.3.4.5:80",
        "[::1:80", "::1:80", "[::1]80x", "[]:80", "[fe80::1%eth0]:80", "[1.2.3.4]:80", " 1.2.3.4:80",
        "1.2.3.4 :80", "**:80", "[::1]:8\u{0}0", String(repeating: "1", count: 70) + ":80",
    ])
    func parse_rejectsMalformed(text: String) {
        #expect(throws: SocketAddress.ParseError.self) { try SocketAddress(parsing: text) }
    }

    @Test func addressBytes_areNetworkOrder() throws {
        #expect(try SocketAddress(parsing: "192.168.1.20:1").addressBytes == [192, 168, 1, 20])
        #expect(try SocketAddress(parsing: "[2001:db8::ff]:1").addressBytes
            == [0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff])
        let v4 = try SocketAddress(parsing: "1.2.3.4:5")
        #expect(v4.withAddressBytes { Array($0) } == [1, 2, 3, 4])
        #expect(v4.host == "1.2.3.4")
    }

    @Test(arguments: [[UInt8](), [1, 2, 3], [UInt8](repeating: 0, count: 15), [UInt8](repeating: 0, count: 17)])
    func initBytes_rejectsWrongLength(bytes: [UInt8]) {
        #expect(SocketAddress(bytes: bytes, port: 1) == nil)
    }

    @Test func initBytes_matchesParsed() throws {
        #expect(SocketAddress(bytes: [127, 0, 0, 1], port: 80) == (try SocketAddress(parsing: "127.0.0.1:80")))
        #expect(SocketAddress.loopbackIPv6(port: 80) == (try SocketAddress(parsing: "[::1]:80")))
        #expect(SocketAddress.loopbackIPv4(port: 80).withPort(81).description == "127.0.0.1:81")
        #expect(SocketAddress.anyIPv4(port: 1).isUnspecified)
        #expect(!SocketAddress.loopbackIPv4(port: 1).isUnspecified)
    }

    @Test func sockaddr_ipv4MappedPeerIsReportedAsIPv4() throws {
        var sin6 = sockaddr_in6()
        sin6.sin6_family = sa_family_t(AF_INET6)
        sin6.sin6_port = UInt16(4321).bigEndian
        withUnsafeMutableBytes(of: &sin6.sin6_addr) { bytes in
            for (index, byte) in ([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 10, 0, 0, 7] as [UInt8]).enumerated() {
                bytes[index] = byte
            }
        }
        let length = socklen_t(MemoryLayout<sockaddr_in6>.size)
        let peer = withUnsafeBytes(of: &sin6) { SocketAddress(storage: $0.baseAddress!, length: length, unmappingIPv4: true) }
        #expect(peer?.family == .ipv4)
        #expect(peer?.addressBytes == [10, 0, 0, 7])
        #expect(peer?.description == "10.0.0.7:4321")
        let kept = withUnsafeBytes(of: &sin6) { SocketAddress(storage: $0.baseAddress!, length: length, unmappingIPv4: false) }
        #expect(kept?.family == .ipv6)
    }

    @Test func sockaddr_roundTripsThroughKernelForm() throws {
        for text in ["127.0.0.1:8080", "[::1]:443", "[2001:db8::1]:1"] {
            let address = try SocketAddress(parsing: text)
            let back = try address.withSockaddr { (pointer, length) throws(Errno) in
                SocketAddress(storage: UnsafeRawPointer(pointer), length: length, unmappingIPv4: true)
            }
            #expect(back == address)
        }
    }

    @Test func sockaddr_rejectsShortOrForeign() {
        var sin = sockaddr_in()
        sin.sin_family = sa_family_t(AF_INET)
        let short = withUnsafeBytes(of: &sin) { SocketAddress(storage: $0.baseAddress!, length: 4, unmappingIPv4: true) }
        #expect(short == nil)
        sin.sin_family = sa_family_t(AF_UNIX)
        let foreign = withUnsafeBytes(of: &sin) {
            SocketAddress(storage: $0.baseAddress!, length: socklen_t(MemoryLayout<sockaddr_in>.size), unmappingIPv4: true)
        }
        #expect(foreign == nil)
    }
}
