import Testing
@testable import HTTPWire

struct IPAddressTests {
    @Test(arguments: [
        ("0.0.0.0", IPAddress.v4(0)),
        ("192.0.2.1", .v4(0xC000_0201)),
        ("255.255.255.255", .v4(0xFFFF_FFFF)),
        ("10.0.0.10", .v4(0x0A00_000A)),
        ("::", .v6(high: 0, low: 0)),
        ("::1", .v6(high: 0, low: 1)),
        ("1::", .v6(high: 0x0001_0000_0000_0000, low: 0)),
        ("2001:db8::1", .v6(high: 0x2001_0DB8_0000_0000, low: 1)),
        ("2001:DB8:0:0:0:0:0:1", .v6(high: 0x2001_0DB8_0000_0000, low: 1)),
        ("2001:0db8:0000:0000:0000:0000:0000:0001", .v6(high: 0x2001_0DB8_0000_0000, low: 1)),
        ("1:2:3:4:5:6:7::", .v6(high: 0x0001_0002_0003_0004, low: 0x0005_0006_0007_0000)),
        ("::2:3:4:5:6:7:8", .v6(high: 0x0000_0002_0003_0004, low: 0x0005_0006_0007_0008)),
        ("1:2:3:4:5:6:7:8", .v6(high: 0x0001_0002_0003_0004, low: 0x0005_0006_0007_0008)),
        ("::ffff:192.0.2.1", .v6(high: 0, low: 0xFFFF_C000_0201)),
        ("::192.0.2.1", .v6(high: 0, low: 0xC000_0201)),
        ("1:2:3:4:5:6:1.2.3.4", .v6(high: 0x0001_0002_0003_0004, low: 0x0005_0006_0102_0304)),
        ("fe80::1:2", .v6(high: 0xFE80_0000_0000_0000, low: 0x0001_0002)),
    ])
    func parse_acceptsCanonicalAndLongForms(text: String, expected: IPAddress) {
        #expect(IPAddress(parsing: text) == expected)
    }

    @Test(arguments: [
        "", "1", "1.2.3", "1.2.3.4.5", "256.1.1.1", "01.2.3.4", "1.2.3.04", "1.2.3.-4", "1..2.3", " 1.2.3.4",
        "1.2.3.4 ", "1.2.3.4:80", "0x1.2.3.4", "1.2.3.1000", ":", ":::", "1:::2", "1::2::3", ":1::", "1::2:",
        "1:2:3:4:5:6:7", "1:2:3:4:5:6:7:8:9", "::1:2:3:4:5:6:7:8", "12345::", "g::1", "[::1]", "::1%eth0",
        "1:2:3:4:5:6:7:1.2.3.4", "::1.2.3.4:5", "::1.2.3", "::01.2.3.4", "1.2.3.4::", "::ffff:1.2.3.4.5",
        String(repeating: "1", count: 100),
    ])
    func parse_rejectsEverythingElse(text: String) {
        #expect(IPAddress(parsing: text) == nil)
    }

    @Test(arguments: [
        ("192.0.2.1", "192.0.2.1"),
        ("2001:0DB8:0:0:0:0:0:1", "2001:db8::1"),
        ("2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1"),
        ("2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1"),
        ("0:0:0:0:0:0:0:0", "::"),
        ("0:0:0:0:0:0:0:1", "::1"),
        ("1:0:0:0:0:0:0:0", "1::"),
        ("1:0:0:2:0:0:0:3", "1:0:0:2::3"),
        ("::ffff:c000:201", "::ffff:192.0.2.1"),
        ("fe80::", "fe80::"),
    ])
    func description_isRfc5952(text: String, canonical: String) throws {
        let address = try #require(IPAddress(parsing: text))
        #expect(address.description == canonical)
        #expect(IPAddress(parsing: canonical) == address)
    }

    @Test func description_roundTripsPseudoRandomAddresses() {
        var state: UInt64 = 12345
        for _ in 0..<2000 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            // Zero out a random subset of groups so that runs of zeros occur.
            let zeroMask = state >> 56
            var high = state &* 0x9E37_79B9_7F4A_7C15
            var low = state ^ 0xDEAD_BEEF_CAFE_F00D
            for group in 0..<4 where zeroMask >> UInt64(group) & 1 == 1 { high &= ~(0xFFFF << UInt64(16 * group)) }
            for group in 0..<4 where zeroMask >> UInt64(group + 4) & 1 == 1 { low &= ~(0xFFFF << UInt64(16 * group)) }
            let address = IPAddress.v6(high: high, low: low)
            #expect(IPAddress(parsing: address.description) == address, "\(address)")
        }
    }

    @Test func bytes_roundTripAndUnmapping() throws {
        let v4 = try #require(IPAddress(bytes: [192, 0, 2, 1]))
        #expect(v4 == .v4(0xC000_0201))
        #expect(v4.bytes == [192, 0, 2, 1])
        let mapped = try #require(IPAddress(bytes: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF, 192, 0, 2, 1]))
        #expect(mapped.unmapped == v4)
        #expect(mapped.bytes.count == 16)
        #expect(IPAddress(parsing: "2001:db8::1")?.bytes == [0x20, 0x01, 0x0D, 0xB8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1])
        #expect(IPAddress(parsing: "::fffe:192.0.2.1")?.unmapped.isIPv4 == false)
        #expect(IPAddress(bytes: [1, 2, 3]) == nil)
    }

    @Test(arguments: [
        ("10.0.0.0/8", "10.255.1.2", true), ("10.0.0.0/8", "11.0.0.1", false), ("192.0.2.77/24", "192.0.2.1", true),
        ("0.0.0.0/0", "203.0.113.9", true), ("0.0.0.0/0", "::1", false), ("192.0.2.1", "192.0.2.1", true),
        ("192.0.2.1", "192.0.2.2", false), ("2001:db8::/32", "2001:db8:ffff::1", true), ("2001:db8::/32", "2001:db9::1", false),
        ("::/0", "::1", true), ("::1", "::1", true), ("10.0.0.0/8", "::ffff:10.1.2.3", true),
        ("::ffff:10.0.0.0/104", "10.9.9.9", true), ("2001:db8::/127", "2001:db8::1", true), ("2001:db8::/127", "2001:db8::2", false),
        ("2001:db8::1:0:0/80", "2001:db8::1:ffff:ffff", true),
    ])
    func network_contains(network: String, candidate: String, expected: Bool) throws {
        let block = try #require(IPNetwork(parsing: network))
        let address = try #require(IPAddress(parsing: candidate))
        #expect(block.contains(address) == expected)
    }

    @Test(arguments: ["10.0.0.0/33", "::/129", "10.0.0.0/", "/8", "10.0.0.0/-1", "10.0.0.0/8/8", "x/8", "10.0.0.0/ 8"])
    func network_rejectsMalformed(text: String) {
        #expect(IPNetwork(parsing: text) == nil)
    }

    @Test func network_clearsHostBits() {
        #expect(IPNetwork(parsing: "192.0.2.77/24")?.description == "192.0.2.0/24")
        #expect(IPNetwork(parsing: "2001:db8::1/64")?.description == "2001:db8::/64")
        #expect(IPNetwork(parsing: "::ffff:10.1.2.3/104")?.description == "10.0.0.0/8")
    }
}
