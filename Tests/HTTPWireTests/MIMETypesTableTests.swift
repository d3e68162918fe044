import Testing
@testable import HTTPWire

struct MIMETypesTableTests {
    @Test func table_layersBuiltInSystemThenOverrides() {
        let table = MIMETypes.Table(
            system: ["html": "text/x-system-html", "foo": "application/x-foo", "ico": "image/vnd.microsoft.icon"],
            overrides: [MIMETypes.overrideKey(forSuffix: ".FOO"): "application/x-override", "HTM": "text/x-htm"])
        #expect(table.type(forFileName: "a.css") == "text/css")
        #expect(table.type(forFileName: "a.HTML") == "text/x-system-html")
        #expect(table.type(forFileName: "a.foo") == "application/x-override")
        #expect(table.type(forFileName: "a.htm") == "text/x-htm")
        #expect(table.type(forFileName: "favicon.ico") == "image/vnd.microsoft.icon")
        #expect(table.type(forFileName: "noext") == MIMETypes.defaultType)
        #expect(table.type(forFileName: "a.unknownext") == MIMETypes.defaultType)
        #expect(table.entry(forSuffix: "foo")?.type == "application/x-override")
        #expect(table.entry(forSuffix: "nope") == nil)
    }

    @Test func table_matchesStaticLookupWithoutSystemFile() {
        let overrides = ["md": "text/plain"]
        let table = MIMETypes.Table(overrides: overrides)
        for name in ["a.html", "b.md", "c.svg", "d.bin", "e", "f.JSON", "g.tar.gz"] {
            for charset in [false, true] {
                #expect(table.type(forFileName: name, charset: charset)
                    == MIMETypes.type(forFileName: name, overrides: overrides, charset: charset))
            }
        }
        #expect(table.count == MIMETypes.builtIn.count)
    }

    @Test(arguments: [
        ("a.txt", "text/plain; charset=utf-8", true),
        ("a.svg", "image/svg+xml; charset=utf-8", true),
        ("a.json", "application/json", true),
        ("a.webmanifest", "application/manifest+json", true),
        ("a.wasm", "application/wasm", true),
        ("a.ttf", "font/ttf", true),
        ("a.ico", "image/x-icon", true),
        ("a.js", "text/javascript; charset=utf-8", true),
        ("a.png", "image/png", false),
        ("a.woff2", "font/woff2", false),
        ("a.mp4", "video/mp4", false),
        ("a.gz", "application/gzip", false),
        ("a.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", false),
        ("a", "application/octet-stream", false),
    ])
    func entry_precomputesCharsetAndCompressibility(name: String, typeWithCharset: String, compressible: Bool) {
        let entry = MIMETypes.Table().entry(forFileName: name)
        #expect(entry.typeWithCharset == typeWithCharset)
        #expect(entry.isCompressible == compressible)
    }

    @Test(arguments: [
        ("text/html", true), ("TEXT/CSS; charset=utf-8", true), ("application/json", true), ("application/ld+json", true),
        ("application/problem+json ; x=y", true), ("application/xml", true), ("application/atom+xml", true),
        ("image/svg+xml", true), ("application/javascript", true), ("application/wasm", true),
        ("image/jpeg", false), ("application/zip", false), ("application/octet-stream", false), ("", false),
        ("application/jsonx", false), ("font/woff", false),
    ])
    func isCompressible_textAndUncompressedFormats(type: String, expected: Bool) {
        #expect(MIMETypes.isCompressible(type) == expected)
    }

    @Test func withCharset_keepsAnExistingCharset() {
        #expect(MIMETypes.withCharset("text/html; charset=ISO-8859-1") == "text/html; charset=ISO-8859-1")
        #expect(MIMETypes.withCharset("text/html") == "text/html; charset=utf-8")
        #expect(MIMETypes.withCharset("application/json") == "application/json")
        // Case and blanks around the essence do not matter; a charset in any case is kept.
        #expect(MIMETypes.withCharset("Text/HTML; CharSet=ISO-8859-1") == "Text/HTML; CharSet=ISO-8859-1")
        #expect(MIMETypes.withCharset(" TEXT/plain ") == " TEXT/plain " + MIMETypes.utf8Charset)
        #expect(MIMETypes.withCharset("Image/SVG+XML") == "Image/SVG+XML" + MIMETypes.utf8Charset)
        #expect(MIMETypes.isCompressible(" Application/JSON ; q=1"))
        #expect(!MIMETypes.isCompressible("image/png; charset=x"))
        let table = MIMETypes.Table(overrides: ["html": "text/html; charset=ISO-8859-1"])
        #expect(table.type(forFileName: "a.html", charset: true) == "text/html; charset=ISO-8859-1")
    }
}
