import Testing
@testable import RequestPolicy

struct RequestPolicyPlaceholderTests {
    @Test func moduleBuilds() { #expect(Bool(true)) }
}
