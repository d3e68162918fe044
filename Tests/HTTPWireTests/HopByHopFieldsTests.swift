import Testing
@testable import HTTPWire

/// `HopByHopFields`: the fields a proxy never forwards, and the ones `Connection` adds.
struct HopByHopFieldsTests {
    static let options: [([String], Set<String>)] = [
        (["close"], ["close"]),
        (["Keep-Alive, X-Drop", " x-other ,,"], ["keep-alive", "x-drop", "x-other"]),
        (["", " , "], []),
    ]

    @Test(arguments: options)
    func connectionOptions_areTrimmedLowercasedTokens(values: [String], expected: Set<String>) {
        #expect(HopByHopFields.connectionOptions(values) == expected)
    }

    @Test func connectionOptions_areBounded() {
        let many = (0..<100).map { "x-\($0)" }.joined(separator: ",")
        #expect(HopByHopFields.connectionOptions([many]).count == HopByHopFields.maxConnectionOptions)
    }

    @Test(arguments: [
        ("connection", true), ("keep-alive", true), ("proxy-connection", true), ("te", true), ("upgrade", true),
        ("transfer-encoding", true), ("proxy-authorization", true), ("proxy-authenticate", true),
        ("proxy-authentication-info", true), ("x-drop", true), ("authorization", false), ("content-length", false),
        ("set-cookie", false),
    ])
    func removes_theFixedListAndTheConnectionOptions(name: String, removed: Bool) {
        #expect(HopByHopFields.removes(name, options: ["x-drop"]) == removed)
    }
}
