import Testing
@testable import TLS

struct TLSPlaceholderTests {
    @Test func moduleBuilds() { #expect(Bool(true)) }
}
