import Testing
@testable import HTTPWire

struct ForwardedChainTests {
    static func ip(_ text: String) -> ForwardedNode { .address(IPAddress(parsing: text)!) }

    @Test(arguments: [
        ("for=192.0.2.60;proto=http;by=203.0.113.43", [ip("192.0.2.60")]),
        ("for=\"_gazonk\"", [.obfuscated]),
        ("For=\"[2001:db8:cafe::17]:4711\"", [ip("2001:db8:cafe::17")]),
        ("for=192.0.2.43, for=198.51.100.17", [ip("192.0.2.43"), ip("198.51.100.17")]),
        ("for=192.0.2.43,for=\"[2001:db8:cafe::17]\",for=unknown", [ip("192.0.2.43"), ip("2001:db8:cafe::17"), .unknown]),
        ("FOR=UNKNOWN", [.unknown]),
        ("for=\"192.0.2.43:47011\"", [ip("192.0.2.43")]),
        ("for=\"192.0.2.43:_port\"", [ip("192.0.2.43")]),
        ("for=\"_hidden:_port\"", [.obfuscated]),
        ("for=\"[::ffff:192.0.2.1]\"", [ip("192.0.2.1")]),
        ("proto=https;by=10.0.0.1", [.unknown]),
        ("for=1.2.3.4 ; proto=https , for=5.6.7.8", [ip("1.2.3.4"), ip("5.6.7.8")]),
        (";;for=1.2.3.4;;", [ip("1.2.3.4")]),
        (", ,for=1.2.3.4,,", [ip("1.2.3.4")]),
        ("for=\"1\\.2.3.4\"", [ip("1.2.3.4")]),
        ("host=\"a,b;c\";for=1.2.3.4", [ip("1.2.3.4")]),
        ("", []),
        ("for=2001:db8::1", [.malformed]),
        ("for=\"2001:db8::1\"", [.malformed]),
        ("for=\"[2001:db8::1]:99999\"", [.malformed]),
        ("for=\"1.2.3.4:\"", [.malformed]),
        ("for=example.com", [.malformed]),
        ("for=1.2.3.4;for=5.6.7.8", [.malformed]),
        ("for = 1.2.3.4", [.malformed]),
        ("for=", [.malformed, ]),
        ("=1.2.3.4, for=5.6.7.8", [.malformed, ip("5.6.7.8")]),
        ("for=1.2.3.4 junk, for=5.6.7.8", [.malformed, ip("5.6.7.8")]),
        ("for=\"x\\\"y,\", for=5.6.7.8", [.malformed, ip("5.6.7.8")]),
        ("for=\"1.2.3.4, for=5.6.7.8", [.malformed]),
        ("for=1.2.3.4, by=\"unterminated", [ip("1.2.3.4"), .malformed]),
        ("for=_", [.malformed]),
    ])
    func forwarded_parsesElementsLeftToRight(value: String, expected: [ForwardedNode]) {
        #expect(ForwardedChain(forwarded: [value]).nodes == expected)
    }

    @Test(arguments: [
        ("203.0.113.195, 70.41.3.18, 150.172.238.178", [ip("203.0.113.195"), ip("70.41.3.18"), ip("150.172.238.178")]),
        ("2001:db8:85a3:8d3:1319:8a2e:370:7348", [ip("2001:db8:85a3:8d3:1319:8a2e:370:7348")]),
        ("[2001:db8::1]:443,192.0.2.1:8080", [ip("2001:db8::1"), ip("192.0.2.1")]),
        ("::ffff:10.0.0.1", [ip("10.0.0.1")]),
        ("unknown, 10.0.0.1", [.unknown, ip("10.0.0.1")]),
        (" ,1.2.3.4,, ", [ip("1.2.3.4")]),
        ("1.2.3.4 5.6.7.8", [.malformed]),
        ("example.com, \"1.2.3.4\", 1.2.3.4:x", [.malformed, .malformed, .malformed]),
        ("", []),
    ])
    func xForwardedFor_parsesAddresses(value: String, expected: [ForwardedNode]) {
        #expect(ForwardedChain(xForwardedFor: [value]).nodes == expected)
    }

    @Test func headers_combineLinesAndHonourTheSource() throws {
        let request = "GET / HTTP/1.1\r\nHost: a\r\nX-Forwarded-For: 1.1.1.1\r\nForwarded: for=2.2.2.2\r\n"
            + "x-forwarded-for: 3.3.3.3, 4.4.4.4\r\nforwarded: for=5.5.5.5;proto=https\r\n\r\n"
        let headers = try #require(head(request)).headers
        #expect(ForwardedChain(headers: headers, source: .xForwardedFor).nodes == [Self.ip("1.1.1.1"), Self.ip("3.3.3.3"), Self.ip("4.4.4.4")])
        #expect(ForwardedChain(headers: headers, source: .forwarded).nodes == [Self.ip("2.2.2.2"), Self.ip("5.5.5.5")])
        #expect(ForwardedChain(headers: headers, source: .forwardedElseXForwardedFor).nodes == [Self.ip("2.2.2.2"), Self.ip("5.5.5.5")])
        let xffOnly = try #require(head("GET / HTTP/1.1\r\nHost: a\r\nX-Forwarded-For: 1.1.1.1\r\n\r\n")).headers
        #expect(ForwardedChain(headers: xffOnly, source: .forwardedElseXForwardedFor).nodes == [Self.ip("1.1.1.1")])
        // A quote cannot run from one field line into the next.
        #expect(ForwardedChain(forwarded: ["for=\"1.1.1.1", "for=2.2.2.2"]).nodes == [.malformed, Self.ip("2.2.2.2")])
    }

    static let proxies = ["10.0.0.0/8", "2001:db8:ffff::/48"].compactMap(IPNetwork.init(parsing:))
    static func trusted(_ address: IPAddress) -> Bool { proxies.contains { $0.contains(address) } }

    @Test(arguments: [
        // peer, X-Forwarded-For, client, hops used, hidden
        ("203.0.113.9", "1.2.3.4", "203.0.113.9", 0, false),
        ("10.0.0.1", "", "10.0.0.1", 0, false),
        ("10.0.0.1", "1.2.3.4", "1.2.3.4", 1, false),
        ("10.0.0.1", "1.2.3.4, 10.0.0.2, 10.0.0.3", "1.2.3.4", 3, false),
        ("10.0.0.1", "6.6.6.6, 1.2.3.4, 10.0.0.2", "1.2.3.4", 2, false),
        ("10.0.0.1", "10.0.0.5, 10.0.0.2", "10.0.0.5", 2, false),
        ("10.0.0.1", "1.2.3.4, garbage, 10.0.0.2", "10.0.0.2", 1, true),
        ("10.0.0.1", "1.2.3.4, unknown", "10.0.0.1", 0, true),
        ("::ffff:10.0.0.1", "1.2.3.4", "1.2.3.4", 1, false),
        ("2001:db8:ffff::1", "[2001:db8::99]:1234", "2001:db8::99", 1, false),
    ])
    func resolveClient_walksRightToLeftThroughTrustedHops(peer: String, xff: String, client: String, hops: Int, hidden: Bool) throws {
        let chain = ForwardedChain(xForwardedFor: [xff])
        let resolution = chain.resolveClient(peer: try #require(IPAddress(parsing: peer)), isTrusted: Self.trusted)
        #expect(resolution == ForwardedChain.Resolution(address: try #require(IPAddress(parsing: client)), hopsUsed: hops, isHidden: hidden))
        #expect(chain.clientAddress(peer: try #require(IPAddress(parsing: peer)), isTrusted: Self.trusted) == resolution.address)
    }

    @Test func resolveClient_obfuscatedHopStopsLikeUnknown() throws {
        let chain = ForwardedChain(forwarded: ["for=1.2.3.4, for=_proxy, for=10.0.0.2"])
        let resolution = chain.resolveClient(peer: try #require(IPAddress(parsing: "10.0.0.1")), isTrusted: Self.trusted)
        #expect(resolution.address == IPAddress(parsing: "10.0.0.2"))
        #expect(resolution.isHidden)
    }

    @Test func chain_keepsTheRightmostNodes() throws {
        let addresses = (0..<300).map { "10.\($0 / 256).\($0 % 256).1" }
        let chain = ForwardedChain(xForwardedFor: [addresses.joined(separator: ", ")])
        #expect(chain.isTruncated)
        #expect(chain.nodes.count == ForwardedChain.maxNodes)
        #expect(chain.nodes.last == Self.ip("10.1.43.1"))
        #expect(chain.nodes.first == Self.ip(addresses[300 - ForwardedChain.maxNodes]))
        // Every hop trusted and the chain cut: the client is hidden further left.
        let resolution = chain.resolveClient(peer: try #require(IPAddress(parsing: "10.0.0.1")), isTrusted: Self.trusted)
        #expect(resolution.isHidden)
        #expect(resolution.address == IPAddress(parsing: addresses[300 - ForwardedChain.maxNodes]))
        #expect(!ForwardedChain(xForwardedFor: [addresses.prefix(64).joined(separator: ",")]).isTruncated)
    }

    @Test func parse_neverCrashesOnMutatedInput() {
        let seeds = ["for=\"[2001:db8::1]:80\";proto=https, for=1.2.3.4;by=_x", "host=\"a\\\"b\";for=unknown,,;"]
        var state: UInt64 = 7
        func next() -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int(truncatingIfNeeded: state >> 33)
        }
        let alphabet = Array("\"\\,;=:[]_ 1.aF".utf8)
        for round in 0..<5000 {
            var bytes = Array(seeds[round % seeds.count].utf8)
            for _ in 0..<(1 + next() % 5) {
                let position = next() % (bytes.count + 1)
                if next() % 2 == 0, position < bytes.count {
                    bytes.remove(at: position)
                } else {
                    bytes.insert(alphabet[next() % alphabet.count], at: position)
                }
            }
            let text = String(decoding: bytes, as: UTF8.self)
            let forwarded = ForwardedChain(forwarded: [text])
            let xff = ForwardedChain(xForwardedFor: [text])
            #expect(forwarded.nodes.count <= bytes.count + 1 && xff.nodes.count <= bytes.count + 1)
        }
    }
}
