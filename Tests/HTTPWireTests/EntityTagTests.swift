import Testing
@testable import HTTPWire

struct EntityTagTests {
    static let current = EntityTag(opaqueTag: "abc")

    @Test func fileTag_isHexTriple() {
        let tag = EntityTag(modificationSeconds: 1_700_000_000, modificationNanoseconds: 123, size: 4096, inode: 0x1234)
        #expect(tag.opaqueTag == "17979cfe362a007b-1000-1234")
        #expect(tag.headerValue == "\"17979cfe362a007b-1000-1234\"")
        #expect(!tag.isWeak)
    }

    @Test func fileTag_changesWithEachInput() {
        let base = EntityTag(modificationSeconds: 100, modificationNanoseconds: 5, size: 10, inode: 7)
        #expect(base != EntityTag(modificationSeconds: 100, modificationNanoseconds: 6, size: 10, inode: 7))
        #expect(base != EntityTag(modificationSeconds: 101, modificationNanoseconds: 5, size: 10, inode: 7))
        #expect(base != EntityTag(modificationSeconds: 100, modificationNanoseconds: 5, size: 11, inode: 7))
        #expect(base != EntityTag(modificationSeconds: 100, modificationNanoseconds: 5, size: 10, inode: 8))
    }

    @Test func init_validatesOpaqueTag() {
        #expect(EntityTag(opaqueTag: "a\"b") == nil)
        #expect(EntityTag(opaqueTag: "a b") == nil)
        #expect(EntityTag(opaqueTag: "", isWeak: true)?.headerValue == "W/\"\"")
        #expect(EntityTag(parsing: "W/\"x\"") == EntityTag(opaqueTag: "x", isWeak: true))
        #expect(EntityTag(parsing: "\"x\", \"y\"") == nil)
        #expect(EntityTag(parsing: "x") == nil)
    }

    @Test(arguments: [
        ("\"abc\"", false),
        ("W/\"abc\"", false),
        ("\"x\", \"abc\"", false),
        ("\"x\",W/\"abc\"", false),
        (" \"x\" , , \"abc\" ", false),
        ("*", false),
        ("\"x\"", true),
        ("\"ABC\"", true),
        ("\"a,b\", \"x\"", true),
        ("abc", true),
        ("\"abc", true),
        ("\"abc\" junk", true),
        ("", true),
    ])
    func ifNoneMatch_usesWeakComparison(value: String, holds: Bool) {
        #expect(EntityTag.evaluateIfNoneMatch(value, current: Self.current) == holds)
    }

    @Test func ifNoneMatch_starWithoutRepresentationHolds() {
        #expect(EntityTag.evaluateIfNoneMatch("*", current: nil))
        #expect(EntityTag.evaluateIfNoneMatch("\"abc\"", current: nil))
        #expect(!EntityTag.evaluateIfNoneMatch("\"abc\"", current: EntityTag(opaqueTag: "abc", isWeak: true)))
    }

    @Test(arguments: [
        ("\"abc\"", true),
        ("\"x\", \"abc\"", true),
        ("*", true),
        ("W/\"abc\"", false),
        ("\"x\"", false),
        ("abc", false),
        ("", false),
    ])
    func ifMatch_usesStrongComparison(value: String, holds: Bool) {
        #expect(EntityTag.evaluateIfMatch(value, current: Self.current) == holds)
    }

    @Test func ifMatch_failsWithoutRepresentationOrForWeakCurrent() {
        #expect(!EntityTag.evaluateIfMatch("*", current: nil))
        #expect(!EntityTag.evaluateIfMatch("\"abc\"", current: EntityTag(opaqueTag: "abc", isWeak: true)))
    }
}
