import Testing
@testable import HTTPWire

struct AcceptEncodingTests {
    typealias Choice = AcceptEncoding.Choice

    static func choose(_ values: [String], _ available: [ContentCoding] = [.br, .gzip]) -> Choice {
        AcceptEncoding(fieldValues: values).choose(from: available)
    }

    @Test(arguments: [
        ("gzip", Choice.coding(.gzip)),
        ("gzip, br", .coding(.br)),
        ("br;q=0.5, gzip", .coding(.gzip)),
        ("br;q=0.5, gzip;q=0.5", .coding(.br)),
        ("GZIP;Q=0.9, BR;q=0.8", .coding(.gzip)),
        ("x-gzip", .coding(.gzip)),
        ("gzip ; q=0.2 ,  br ;q=0.1", .coding(.gzip)),
        ("*", .coding(.br)),
        ("*;q=0.5, br;q=0.1", .coding(.gzip)),
        ("deflate, compress", .identity),
        ("", .identity),
        ("identity", .identity),
        ("gzip;q=0, br;q=0", .identity),
        ("*;q=0, identity", .identity),
        ("gzip;q=0.5, identity;q=1", .identity),
        ("gzip;q=1, identity;q=1", .coding(.gzip)),
        ("gzip;q=0.5, identity;q=0", .coding(.gzip)),
        ("identity;q=0", .notAcceptable),
        ("*;q=0", .notAcceptable),
        ("deflate, identity;q=0", .notAcceptable),
        ("gzip;q=0, *;q=0", .notAcceptable),
    ])
    func choose_picksHighestWeightThenServerOrder(value: String, expected: Choice) {
        #expect(Self.choose([value]) == expected)
    }

    @Test(arguments: [
        ("gzip;q=2", Choice.identity),
        ("gzip;q=1.5", .identity),
        ("gzip;q=1.001", .identity),
        ("gzip;q=0.1234", .identity),
        ("gzip;q=.5", .identity),
        ("gzip;q=abc", .identity),
        ("gzip;q=", .identity),
        ("gzip;q", .identity),
        ("gzip;level=9", .identity),
        ("gzip;q=0.5;q=0.6", .identity),
        ("gzip;q=-0", .identity),
        ("gz ip", .identity),
        ("gzip;q=1.", .coding(.gzip)),
        ("gzip;q=1.000", .coding(.gzip)),
        ("gzip;q=0.001", .coding(.gzip)),
        ("gzip; Q=0.5", .coding(.gzip)),
        ("gzip;q=abc, br", .coding(.br)),
        ("identity;q=x, gzip;q=0", .identity),
    ])
    func choose_treatsMalformedWeightAsAbsent(value: String, expected: Choice) {
        #expect(Self.choose([value]) == expected)
    }

    @Test func quality_resolvesListedThenStar() {
        let accept = AcceptEncoding(fieldValues: ["gzip;q=0.25, *;q=0.5"])
        #expect(accept.quality(of: .gzip) == 250)
        #expect(accept.quality(of: .br) == 500)
        #expect(accept.identityQuality == 500)
        let plain = AcceptEncoding(fieldValues: ["br;q=0.75"])
        #expect(plain.quality(of: .gzip) == 0)
        #expect(plain.quality(of: .br) == 750)
        #expect(plain.identityQuality == 1000)
    }

    @Test func firstMention_counts() {
        #expect(AcceptEncoding(fieldValues: ["gzip;q=0, x-gzip"]).quality(of: .gzip) == 0)
        #expect(AcceptEncoding(fieldValues: ["gzip;q=0.3", "gzip;q=0.9"]).quality(of: .gzip) == 300)
    }

    @Test func choose_respectsWhatTheServerHas() {
        #expect(Self.choose(["br, gzip"], [.gzip]) == .coding(.gzip))
        #expect(Self.choose(["br"], [.gzip]) == .identity)
        #expect(Self.choose(["br, gzip"], []) == .identity)
        #expect(Self.choose(["identity;q=0"], []) == .notAcceptable)
        #expect(Self.choose(["br, gzip"], [.gzip, .br]) == .coding(.gzip))
    }

    @Test func absentField_meansIdentity() {
        let absent = AcceptEncoding(fieldValues: [])
        #expect(!absent.isPresent)
        #expect(absent.choose(from: [.br, .gzip]) == .identity)
        #expect(AcceptEncoding(fieldValues: [""]).isPresent)
    }

    @Test func headers_combineFieldLines() throws {
        let request = "GET / HTTP/1.1\r\nHost: a\r\nAccept-Encoding: identity;q=0.1\r\nX: y\r\naccept-encoding: br;q=0.2, gzip;q=0.3\r\n\r\n"
        let parsed = try #require(head(request))
        let accept = AcceptEncoding(headers: parsed.headers)
        #expect(accept.isPresent)
        #expect(accept.identityQuality == 100)
        #expect(accept.choose(from: [.br, .gzip]) == .coding(.gzip))
        let none = try #require(head("GET / HTTP/1.1\r\nHost: a\r\n\r\n"))
        #expect(!AcceptEncoding(headers: none.headers).isPresent)
    }

    @Test func coding_tokensAndSuffixes() {
        #expect(ContentCoding.allCases.map(\.token) == ["br", "gzip"])
        #expect(ContentCoding.allCases.map(\.fileSuffix) == [".br", ".gz"])
    }
}
