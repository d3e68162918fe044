import Testing
@testable import HTTPWire

struct MIMETypesTests {
    @Test(arguments: [
        ("index.html", "text/html"), ("INDEX.HTM", "text/html"), ("notes.txt", "text/plain"), ("a.css", "text/css"),
        ("app.js", "text/javascript"), ("mod.mjs", "text/javascript"), ("d.json", "application/json"),
        ("f.xml", "application/xml"), ("logo.svg", "image/svg+xml"), ("p.png", "image/png"), ("p.jpg", "image/jpeg"),
        ("p.JPEG", "image/jpeg"), ("p.gif", "image/gif"), ("p.webp", "image/webp"), ("favicon.ico", "image/x-icon"),
        ("doc.pdf", "application/pdf"), ("a.zip", "application/zip"), ("a.tar.gz", "application/gzip"),
        ("a.tar", "application/x-tar"), ("m.wasm", "application/wasm"), ("v.mp4", "video/mp4"), ("v.webm", "video/webm"),
        ("s.mp3", "audio/mpeg"), ("f.woff", "font/woff"), ("f.woff2", "font/woff2"), ("README.md", "text/markdown"),
        ("t.csv", "text/csv"), ("dir/sub.d/page.Html", "text/html"),
        ("noext", "application/octet-stream"), (".profile", "application/octet-stream"),
        ("file.", "application/octet-stream"), ("dir.d/file", "application/octet-stream"),
        ("x.unknownext", "application/octet-stream"),
    ])
    func type_looksUpLastSuffix(name: String, type: String) {
        #expect(MIMETypes.type(forFileName: name) == type)
    }

    @Test func type_overridesComeFirst() {
        let overrides = [MIMETypes.overrideKey(forSuffix: ".HTML"): "text/x-custom", "foo": "application/x-foo"]
        #expect(MIMETypes.type(forFileName: "a.html", overrides: overrides) == "text/x-custom")
        #expect(MIMETypes.type(forFileName: "a.FOO", overrides: overrides) == "application/x-foo")
        #expect(MIMETypes.type(forFileName: "a.css", overrides: overrides) == "text/css")
        #expect(MIMETypes.overrideKey(forSuffix: "txt") == "txt")
    }

    @Test(arguments: [
        ("a.txt", true, "text/plain; charset=utf-8"),
        ("a.txt", false, "text/plain"),
        ("a.html", true, "text/html; charset=utf-8"),
        ("a.svg", true, "image/svg+xml; charset=utf-8"),
        ("a.xml", true, "application/xml; charset=utf-8"),
        ("a.png", true, "image/png"),
        ("a.json", true, "application/json"),
        ("a.bin", true, "application/octet-stream"),
    ])
    func type_addsCharsetOnlyWhenAsked(name: String, charset: Bool, type: String) {
        #expect(MIMETypes.type(forFileName: name, charset: charset) == type)
    }

    @Test func type_keepsExistingCharset() {
        let overrides = ["html": "text/html; charset=ISO-8859-1"]
        #expect(MIMETypes.type(forFileName: "a.html", overrides: overrides, charset: true) == "text/html; charset=ISO-8859-1")
    }

    @Test func suffix_extractsLowercasedLastSuffix() {
        #expect(MIMETypes.suffix(of: "/x/y.tar.GZ") == "gz")
        #expect(MIMETypes.suffix(of: "/x.y/z") == nil)
    }
}
