import Foundation
import Testing
@testable import HTTPWire

struct MIMETypesFileTests {
    static let fixture = """
        ###############################
        #  Media (MIME) types and the extensions that represent them.
        ###############################

        application/1d-interleaved-parityfec
        application/x-sh\t\t\t\tsh
        application/vnd.Kinar\t\t\t\tkne knp
        text/plain\t\t\t\t\ttxt TEXT asc # trailing comment
        text/x-sh\t\t\t\t\tsh\r
          image/x-weird   \t wrd\t
        application/sarif+json\t\t\t\tsarif sarif.json
        application/x-trash\t\t\t\t~ % bak
        """

    @Test func parse_readsDebianFormat() throws {
        let table = try MIMETypes.parseTypesFile(Self.fixture)
        #expect(table == [
            "sh": "text/x-sh", "kne": "application/vnd.Kinar", "knp": "application/vnd.Kinar",
            "txt": "text/plain", "text": "text/plain", "asc": "text/plain", "wrd": "image/x-weird",
            "sarif": "application/sarif+json", "~": "application/x-trash", "%": "application/x-trash",
            "bak": "application/x-trash",
        ])
    }

    @Test(arguments: [
        ("text\tplain", 1, "'text' is not a type/subtype"),
        ("# ok\ntext/ plain", 2, "'text/' is not a type/subtype"),
        ("/plain txt", 1, "'/plain' is not a type/subtype"),
        ("text/plain\n\ntext/html h\u{00E9}", 3, "'h\u{00E9}' is not an extension"),
        ("text/plain t/x", 1, "'t/x' is not an extension"),
        ("te(x)t/plain txt", 1, "'te(x)t/plain' is not a type/subtype"),
    ])
    func parse_refusesMalformedLinesSayingWhere(text: String, line: Int, reason: String) {
        #expect(throws: MIMETypesFileError(line: line, reason)) { try MIMETypes.parseTypesFile(text) }
    }

    @Test func parse_boundsLinesEntriesAndSize() {
        let longLine = "text/plain " + String(repeating: "x", count: MIMETypes.maxTypesFileLineBytes)
        #expect(throws: MIMETypesFileError(line: 2, "longer than 4096 bytes")) { try MIMETypes.parseTypesFile("a/b c\n" + longLine) }
        let many = (0...MIMETypes.maxTypesFileEntries).map { "a/b e\($0)" }.joined(separator: "\n")
        #expect(throws: MIMETypesFileError(line: 0, "more than 20000 extensions")) { try MIMETypes.parseTypesFile(many) }
        let huge = [UInt8](repeating: 0x0A, count: MIMETypes.maxTypesFileBytes + 1)
        #expect(throws: MIMETypesFileError(line: 0, "larger than 1048576 bytes")) { try MIMETypes.parseTypesFile(huge) }
        #expect(MIMETypesFileError(line: 3, "x").description == "line 3: x")
    }

    @Test func parse_emptyAndCommentOnlyFiles() throws {
        #expect(try MIMETypes.parseTypesFile("").isEmpty)
        #expect(try MIMETypes.parseTypesFile("# nothing\n\n   \n\t# here\n").isEmpty)
    }

    static let systemFile = "/etc/mime.types"

    @Test(.enabled(if: FileManager.default.fileExists(atPath: systemFile), "no /etc/mime.types (Debian media-types)"),
          arguments: [
            ("a.vtt", "text/vtt"), ("a.ics", "text/calendar"), ("a.epub", "application/epub+zip"),
            ("a.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
            ("a.webmanifest", "application/manifest+json"), ("a.yaml", "application/yaml"), ("a.yml", "application/yaml"),
            ("a.html", "text/html"), ("a.css", "text/css"), ("a.js", "text/javascript"), ("a.mjs", "text/javascript"),
            ("a.json", "application/json"), ("a.svg", "image/svg+xml"), ("a.png", "image/png"), ("a.wasm", "application/wasm"),
            ("a.woff2", "font/woff2"), ("a.pdf", "application/pdf"), ("a.md", "text/markdown"), ("a.avif", "image/avif"),
          ])
    func systemTable_layeredOverBuiltIn(name: String, type: String) throws {
        let bytes = try #require(FileManager.default.contents(atPath: Self.systemFile))
        let system = try MIMETypes.parseTypesFile(Array(bytes))
        #expect(system.count > 1000)
        let table = MIMETypes.Table(system: system)
        #expect(table.type(forFileName: name) == type)
    }
}
