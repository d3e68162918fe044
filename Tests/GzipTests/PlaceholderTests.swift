import Testing
@testable import Gzip

struct GzipPlaceholderTests {
    @Test func moduleBuilds() { #expect(Bool(true)) }
}
