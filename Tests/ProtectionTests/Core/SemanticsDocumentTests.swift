import Foundation
import Testing

/// Keeps `Docs/semantics.md` honest: every test the document cites as `Suite.function` must exist
/// under `Tests/`, so renaming or deleting a test that holds a documented rule fails here rather
/// than leaving the document pointing at nothing.
///
/// A citation names either a suite type and one of its test functions (`GateTests.step8_…`), or a
/// test target and one of its free test functions (`ProtectionTests.ruleFile_…`), which is also
/// how Swift Testing itself names them for `swift test --filter`.
struct SemanticsDocumentTests {
    /// How the document writes a test: a name ending in `Tests`, a dot, a function name.
    static let citation = #"\b([A-Z][A-Za-z0-9]*Tests)\.([a-z][A-Za-z0-9_]*)"#
    /// A top-level type declaration (at column 0); its name owns the member tests below it.
    static let declaration = #"^(?:@\w+(?:\(.*\))?\s+)*(?:(?:public|internal|private|fileprivate|final)\s+)*(?:struct|class|enum|actor|extension)\s+([A-Za-z_][A-Za-z0-9_]*)"#
    /// A test attribute at the start of a line (indented or not).
    static let testAttribute = #"^\s*@Test\b"#
    /// The function a test attribute belongs to: the first `func NAME(` from the attribute on.
    static let function = #"^(\s*)(?:@Test\b.*?\s)?(?:(?:static|mutating|nonisolated|private|fileprivate|internal|public)\s+)*func\s+([A-Za-z_][A-Za-z0-9_]*)\s*[(<]"#
    /// The document cites at least this many tests; fewer means the citation pattern broke.
    static let minimumCitations = 100
    /// Directories walked up from this file in search of `Package.swift`.
    static let maxDepth = 8

    /// The repository root: the nearest directory above this file holding `Package.swift`.
    static func repositoryRoot() throws -> URL {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<maxDepth {
            url.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url }
        }
        throw LookupError("no Package.swift above \(#filePath)")
    }

    /// What could not be found while indexing.
    struct LookupError: Error, CustomStringConvertible {
        /// Which file or directory, and what was wrong.
        let description: String
        /// Makes an error with its message.
        init(_ description: String) { self.description = description }
    }

    /// The tests one Swift file declares, as `Owner.function`: the enclosing top-level type for
    /// an indented test function, the test target (`module`) for a free one at column 0.
    static func tests(inFile text: String, module: String) throws -> Set<String> {
        let declaration = try Regex(Self.declaration)
        let attribute = try Regex(Self.testAttribute)
        let function = try Regex(Self.function)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        var found: Set<String> = []
        var owner: String?
        var pendingAttribute = false
        for line in lines {
            if let match = try declaration.prefixMatch(in: line), let name = match.output[1].substring {
                owner = String(name)
                pendingAttribute = false
            }
            if (try attribute.prefixMatch(in: line)) != nil { pendingAttribute = true }
            guard pendingAttribute, let match = try function.prefixMatch(in: line),
                  let indent = match.output[1].substring, let name = match.output[2].substring else { continue }
            pendingAttribute = false
            if indent.isEmpty {
                found.insert(module + "." + String(name))
            } else if let owner {
                found.insert(owner + "." + String(name))
            }
        }
        return found
    }

    /// Every test under `Tests/`, as `Owner.function`.
    static func allTests(root: URL) throws -> Set<String> {
        let tests = root.appendingPathComponent("Tests")
        guard let walker = FileManager.default.enumerator(atPath: tests.path) else {
            throw LookupError("cannot list \(tests.path)")
        }
        var found: Set<String> = []
        while let relative = walker.nextObject() as? String {
            guard relative.hasSuffix(".swift"), let module = relative.split(separator: "/").first else { continue }
            let text = try String(contentsOf: tests.appendingPathComponent(relative), encoding: .utf8)
            found.formUnion(try Self.tests(inFile: text, module: String(module)))
        }
        return found
    }

    /// Every citation in `text`, in order of appearance, without repeats.
    static func citations(in text: String) throws -> [String] {
        var seen: Set<String> = []
        var result: [String] = []
        for match in text.matches(of: try Regex(Self.citation)) {
            let name = String(text[match.range])
            if seen.insert(name).inserted { result.append(name) }
        }
        return result
    }

    @Test func document_citesOnlyTestsThatExist() throws {
        let root = try Self.repositoryRoot()
        let document = try String(contentsOf: root.appendingPathComponent("Docs/semantics.md"), encoding: .utf8)
        let cited = try Self.citations(in: document)
        #expect(cited.count >= Self.minimumCitations, "only \(cited.count) citations found in Docs/semantics.md")
        let existing = try Self.allTests(root: root)
        let missing = cited.filter { !existing.contains($0) }
        #expect(missing.isEmpty, "Docs/semantics.md cites tests that do not exist under Tests/: \(missing.joined(separator: ", "))")
    }

    @Test func readme_pointsAtTheDocument() throws {
        let readme = try String(contentsOf: try Self.repositoryRoot().appendingPathComponent("README.md"), encoding: .utf8)
        let citesTheDocument = readme.contains("Docs/semantics.md")
        #expect(citesTheDocument, "README.md does not point readers at Docs/semantics.md")
    }

    /// The indexer on made-up source: which names count as tests, and who owns them.
    static let sample = """
        import Testing

        @Suite struct AlphaTests {
            @Test func plain() {}
            @Test(arguments: [1, 2])
            func parameterised(value: Int) {}
            func helper() {}
            struct Nested {
                func notATest() {}
            }
            @Test
            func afterANestedType() async throws {}
        }

        @Test func freeFunction() {}

        @Test(arguments: ["a"])
        func freeWithArguments(text: String) {}

        extension AlphaTests {
            @Test func fromAnExtension() {}
        }
        """

    @Test(arguments: [
        ("AlphaTests.plain", true), ("AlphaTests.parameterised", true), ("AlphaTests.afterANestedType", true),
        ("AlphaTests.fromAnExtension", true), ("SampleTests.freeFunction", true), ("SampleTests.freeWithArguments", true),
        ("AlphaTests.helper", false), ("AlphaTests.notATest", false), ("Nested.notATest", false),
        ("AlphaTests.freeFunction", false), ("SampleTests.plain", false),
    ])
    func index_findsTestsAndTheirOwners(name: String, isTest: Bool) throws {
        #expect(try Self.tests(inFile: Self.sample, module: "SampleTests").contains(name) == isTest)
    }

    @Test func citations_areFoundAnywhereAndOnlyOnce() throws {
        let text = "See `GateTests.step8_userInTheMaskPasses` and GateTests.step8_userInTheMaskPasses, "
            + "`ProtectionTests.ruleFile_reportsErrorsWithLine`; not GateTests alone, nor `gatehouse check`."
        #expect(try Self.citations(in: text) == ["GateTests.step8_userInTheMaskPasses", "ProtectionTests.ruleFile_reportsErrorsWithLine"])
    }
}
