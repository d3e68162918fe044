import Testing
@testable import Protection

@Test(arguments: [
    ("128.141.*.*", "128.141.5.6", true),
    ("128.141.*.*", "128.142.5.6", false),
    ("10.*", "10.200.3.4", true),
    ("10.*", "11.0.0.1", false),
    ("12*.0.0.1", "123.0.0.1", true),
    ("12*.0.0.1", "13.0.0.1", false),
    ("127.0.0.1", "127.0.0.1", true),
    ("10.0.0.0/8", "10.9.9.9", true),
    ("10.0.0.0/8", "11.9.9.9", false),
    ("192.168.1.0/25", "192.168.1.127", true),
    ("192.168.1.0/25", "192.168.1.128", false),
    ("0.0.0.0/0", "8.8.8.8", true),
    ("[::1]", "::1", true),
    ("[::1]", "127.0.0.1", false),
    ("[2001:db8::/32]", "2001:db8:1::5", true),
    ("[2001:db8::/32]", "2001:db9::5", false),
    ("127.0.0.1", "::ffff:127.0.0.1", true),
    ("*.*.*.*", "::1", false),
])
func addressTemplate_matchesNumericAddress(template: String, client: String, expected: Bool) throws {
    let t = try AddressTemplate.parse(template).get()
    #expect(t.matches(ClientAddress(parsing: client)!) == expected)
}

@Test func addressTemplate_hostNamesNeedAConfirmedName() throws {
    let t = try AddressTemplate.parse("*.cern.ch").get()
    #expect(t.needsHostName)
    #expect(!t.matches(ClientAddress(parsing: "128.141.1.1")!))
    #expect(t.matches(ClientAddress(parsing: "128.141.1.1", hostName: "pcb.CERN.ch")!))
    // A numeric template is never matched against a host name (no reverse-DNS spoofing).
    let numeric = try AddressTemplate.parse("128.141.*.*").get()
    #expect(!numeric.matches(ClientAddress(parsing: "10.0.0.1", hostName: "128.141.9.9.evil.example")!))
}

@Test(arguments: ["", "1.2.3", "1.2.3.4.5", "256.1.1.1", "1.2.3.4/33", "[::1", "[10.0.0.1]", "::1/128", "a b", "1**.2.3.4", "[::1/129]"])
func addressTemplate_rejectsJunk(text: String) {
    if case .success = AddressTemplate.parse(text) { Issue.record("accepted '\(text)'") }
}

@Test(arguments: ["128.141.*.*", "10.0.0.0/8", "[::1/128]", "*.cern.ch", "[2001:db8::/32]"])
func addressTemplate_printsBackToItself(text: String) throws {
    let t = try AddressTemplate.parse(text).get()
    #expect(try AddressTemplate.parse(t.description).get() == t)
}
