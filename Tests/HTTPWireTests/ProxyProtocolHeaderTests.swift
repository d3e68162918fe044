import Testing
@testable import HTTPWire

struct ProxyProtocolHeaderTests {
    typealias Header = ProxyProtocolHeader
    typealias Outcome = ProxyProtocolHeader.Outcome

    static func endpoints(_ source: String, _ sourcePort: UInt16, _ destination: String, _ destinationPort: UInt16) -> Header.Addresses? {
        guard let s = IPAddress(parsing: source), let d = IPAddress(parsing: destination) else { return nil }
        return Header.Addresses(source: .init(address: s, port: sourcePort), destination: .init(address: d, port: destinationPort))
    }

    static func parse(_ text: String) -> Outcome { Header.parse(Array(text.utf8)) }

    static func isInvalid(_ outcome: Outcome) -> Bool {
        if case .invalid = outcome { return true }
        return false
    }

    @Test(arguments: [
        ("PROXY TCP4 192.168.0.1 192.168.0.11 56324 443\r\n", endpoints("192.168.0.1", 56324, "192.168.0.11", 443)),
        ("PROXY TCP4 0.0.0.0 255.255.255.255 0 65535\r\n", endpoints("0.0.0.0", 0, "255.255.255.255", 65535)),
        ("PROXY TCP6 2001:db8::1 2001:DB8:0:0:0:0:0:2 1 2\r\n", endpoints("2001:db8::1", 1, "2001:db8::2", 2)),
        ("PROXY TCP6 ::ffff:192.0.2.1 ::1 8080 80\r\n", endpoints("192.0.2.1", 8080, "::1", 80)),
        ("PROXY UNKNOWN\r\n", nil),
        ("PROXY UNKNOWN ffff:f::f:ffff whatever 65535 65535\r\n", nil),
    ])
    func v1_parsesValidLines(line: String, addresses: Header.Addresses?) {
        let outcome = Self.parse(line + "GET / HTTP/1.1\r\n")
        #expect(outcome == .parsed(Header(version: .v1, addresses: addresses), consumed: line.utf8.count))
    }

    @Test func v1_acceptsTheLongestLine() {
        let full = String(repeating: "ffff:", count: 7) + "ffff"
        let line = "PROXY UNKNOWN \(full) \(full) 65535 65535\r\n"
        #expect(line.utf8.count == 107)
        #expect(Self.parse(line) == .parsed(Header(version: .v1, addresses: nil), consumed: 107))
        let tooLong = "PROXY UNKNOWN \(full) \(full) 65535 655350\r\n"
        #expect(Self.isInvalid(Self.parse(tooLong)))
    }

    @Test(arguments: [
        "PROXY TCP4 192.168.0.1  192.168.0.11 56324 443\r\n",
        "PROXY  TCP4 192.168.0.1 192.168.0.11 56324 443\r\n",
        "PROXY TCP4 192.168.0.1 192.168.0.11 56324 443 \r\n",
        "PROXY TCP4 192.168.0.1 192.168.0.11 56324\r\n",
        "PROXY TCP4 192.168.0.1 192.168.0.11 56324 443 1\r\n",
        "PROXY TCP4 192.168.00.1 192.168.0.11 56324 443\r\n",
        "PROXY TCP4 192.168.0.1 192.168.0.11 056324 443\r\n",
        "PROXY TCP4 192.168.0.1 192.168.0.11 65536 443\r\n",
        "PROXY TCP4 192.168.0.1 192.168.0.11 -1 443\r\n",
        "PROXY TCP4 192.168.0.1 192.168.0.11 +1 443\r\n",
        "PROXY TCP4 ::1 ::1 1 2\r\n",
        "PROXY TCP6 192.168.0.1 192.168.0.11 1 2\r\n",
        "PROXY TCP6 [::1] ::1 1 2\r\n",
        "PROXY TCP5 1.2.3.4 1.2.3.4 1 2\r\n",
        "PROXY tcp4 1.2.3.4 1.2.3.4 1 2\r\n",
        "PROXY UNKNOWNX\r\n",
        "PROXY TCP4\r\n",
        "PROXY \r\n",
        "PROXY TCP4 1.2.3.4 1.2.3.4 1 2\n",
        "PROXY TCP4 1.2.3.4 1.2.3.4 1 2\rX",
        "PROXY UNKNOWN\nPROXY UNKNOWN\r\n",
        "proxy TCP4 1.2.3.4 1.2.3.4 1 2\r\n",
        "PROXY\tTCP4 1.2.3.4 1.2.3.4 1 2\r\n",
        "GET / HTTP/1.1\r\n\r\n",
        "\u{16}\u{03}\u{01}\u{02}\u{00}",
        "\r\n\r\nGET",
    ])
    func v1_rejectsAnythingNotExact(text: String) {
        #expect(Self.isInvalid(Self.parse(text)), "\(text.debugDescription)")
    }

    @Test func v1_withoutCRLFIn107BytesIsInvalid() {
        let line = "PROXY UNKNOWN " + String(repeating: "x", count: 200)
        #expect(Self.isInvalid(Self.parse(line)))
        #expect(Self.parse(String(line.prefix(106))) == .needMore(upTo: 107))
    }

    @Test(arguments: [
        "PROXY TCP4 192.168.0.1 192.168.0.11 56324 443\r\n", "PROXY UNKNOWN\r\n", "PROXY TCP6 ::1 ::2 1 2\r\n",
    ])
    func v1_everyPrefixNeedsMore(line: String) {
        let bytes = Array(line.utf8)
        for count in 0..<bytes.count {
            let outcome = Header.parse(Array(bytes.prefix(count)))
            // Nothing yet could still be either version; v2 asks for its fixed 16 bytes first.
            #expect(outcome == .needMore(upTo: count == 0 ? 16 : 107), "prefix \(count)")
        }
    }

    /// A v2 header: signature, version 2 with `command`, `family`, then `block` as the length says.
    static func v2(command: UInt8 = 1, family: UInt8, block: [UInt8], length: Int? = nil) -> [UInt8] {
        let length = length ?? block.count
        return Header.v2Signature + [0x20 | command, family, UInt8(length >> 8), UInt8(length & 0xFF)] + block
    }

    static let v4Block: [UInt8] = [192, 0, 2, 1, 198, 51, 100, 7, 0xDC, 0x04, 0x01, 0xBB]
    static let v4Addresses = endpoints("192.0.2.1", 56324, "198.51.100.7", 443)

    @Test func v2_parsesTcpOverIPv4AndIPv6() {
        let header = Self.v2(family: 0x11, block: Self.v4Block)
        #expect(Header.parse(header + Array("GET /".utf8)) == .parsed(Header(version: .v2, addresses: Self.v4Addresses), consumed: 28))

        let source = IPAddress(parsing: "2001:db8::1")!.bytes
        let destination = IPAddress(parsing: "::ffff:10.0.0.1")!.bytes
        let v6 = Self.v2(family: 0x21, block: source + destination + [0, 80, 1, 0])
        let expected = Self.endpoints("2001:db8::1", 80, "10.0.0.1", 256)
        #expect(Header.parse(v6) == .parsed(Header(version: .v2, addresses: expected), consumed: 16 + 36))
    }

    @Test func v2_skipsWellFormedTLVs() {
        let tlvs: [UInt8] = [0x01, 0x00, 0x02, 0x68, 0x32] + [0x04, 0x00, 0x00] + [0xEA, 0x00, 0x03, 1, 2, 3]
        let header = Self.v2(family: 0x11, block: Self.v4Block + tlvs)
        #expect(Header.parse(header) == .parsed(Header(version: .v2, addresses: Self.v4Addresses), consumed: header.count))
        for broken in [[0x01], [0x01, 0x00], [0x01, 0x00, 0x05, 1, 2], tlvs + [0x04]] as [[UInt8]] {
            #expect(Self.isInvalid(Header.parse(Self.v2(family: 0x11, block: Self.v4Block + broken))))
        }
    }

    @Test(arguments: [
        (UInt8(0), UInt8(0x11)), (0, 0x00), (0, 0x77), (1, 0x00), (1, 0x12), (1, 0x22), (1, 0x31), (1, 0x32),
    ])
    func v2_localAndUnusableFamiliesCarryNoAddress(command: UInt8, family: UInt8) {
        let block = [UInt8](repeating: 0xAB, count: 216)
        let header = Self.v2(command: command, family: family, block: block)
        #expect(Header.parse(header + [0x47]) == .parsed(Header(version: .v2, addresses: nil), consumed: 16 + 216))
        let empty = Self.v2(command: command, family: family, block: [])
        #expect(Header.parse(empty) == .parsed(Header(version: .v2, addresses: nil), consumed: 16))
    }

    @Test(arguments: [
        v2(family: 0x11, block: v4Block).enumerated().map { $0.offset == 12 ? 0x11 : $0.element },  // version 1
        v2(family: 0x11, block: v4Block).enumerated().map { $0.offset == 12 ? 0x31 : $0.element },  // version 3
        v2(command: 2, family: 0x11, block: v4Block),
        v2(command: 0xF, family: 0x11, block: v4Block),
        v2(family: 0x13, block: v4Block),
        v2(family: 0x10, block: v4Block),
        v2(family: 0x41, block: v4Block),
        v2(family: 0x01, block: v4Block),
        v2(family: 0x11, block: Array(v4Block.prefix(11))),
        v2(family: 0x21, block: v4Block),
    ])
    func v2_rejectsUnknownValuesAndShortBlocks(header: [UInt8]) {
        #expect(Self.isInvalid(Header.parse(header)))
    }

    @Test func v2_shortBlockIsRejectedBeforeItArrives() {
        let announced = Self.v2(family: 0x21, block: [], length: 20)
        #expect(Self.isInvalid(Header.parse(announced)))
    }

    @Test func v2_everyPrefixNeedsMoreAndLengthIsKnownEarly() {
        let header = Self.v2(family: 0x11, block: Self.v4Block + [0x04, 0x00, 0x01, 0x00])
        for count in 0..<header.count {
            let expected = count < 16 ? Outcome.needMore(upTo: 16) : .needMore(upTo: header.count)
            #expect(Header.parse(Array(header.prefix(count))) == expected, "prefix \(count)")
        }
        header.withUnsafeBytes { bytes in
            #expect(Header.v2HeaderLength(UnsafeRawBufferPointer(rebasing: bytes[..<16])) == header.count)
            #expect(Header.v2HeaderLength(UnsafeRawBufferPointer(rebasing: bytes[..<15])) == nil)
        }
        #expect(Array("PROXY UNKNOWN\r\n!".utf8).withUnsafeBytes { Header.v2HeaderLength($0) } == nil)
        let largest = Self.v2(command: 0, family: 0, block: [], length: 0xFFFF)
        #expect(Header.parse(largest) == .needMore(upTo: Header.maxBytes))
    }

    @Test func parse_neverCrashesOnMutatedOrRandomInput() {
        let seeds: [[UInt8]] = [
            Self.v2(family: 0x11, block: Self.v4Block + [0x01, 0x00, 0x01, 0x41]),
            Self.v2(family: 0x21, block: [UInt8](repeating: 1, count: 36)),
            Array("PROXY TCP6 2001:db8::1 2001:db8::2 1 2\r\n".utf8),
            Array("PROXY TCP4 1.2.3.4 5.6.7.8 9 10\r\n".utf8),
        ]
        var state: UInt64 = 99
        func next() -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int(truncatingIfNeeded: state >> 33)
        }
        for round in 0..<20_000 {
            var input = seeds[round % seeds.count]
            for _ in 0..<(1 + next() % 4) {
                let position = next() % (input.count + 1)
                switch next() % 3 {
                case 0 where position < input.count: input[position] = UInt8(truncatingIfNeeded: next())
                case 1: input.insert(UInt8(truncatingIfNeeded: next()), at: position)
                default: input = Array(input.prefix(position))
                }
            }
            switch Header.parse(input) {
            case .parsed(_, let consumed): #expect(consumed > 0 && consumed <= input.count)
            case .needMore(let upTo): #expect(upTo > input.count && upTo <= Header.maxBytes)
            case .invalid: break
            }
        }
    }
}
