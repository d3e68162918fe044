import HTTPWire
import Protection
import Transport

/// The HTML page for a directory without a welcome file, when `DirAccess` allows it. Generated
/// only after the Gate allowed the directory; every name is escaped; hidden files (names starting
/// with `.`, which include `.www_acl` and `.www_browsable`) are never listed.
enum DirectoryListing {
    /// The page for `directory` (a path ending in `/`) shown at URL path `urlPath`.
    static func page(directory: String, urlPath: String) -> [UInt8]? {
        guard let names = try? FileSystem.readDirectory(directory) else { return nil }
        let title = HTMLEscape.escape("Index of \(urlPath)")
        var html = "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>\(title)</title></head>\n<body><h1>\(title)</h1>\n<ul>\n"
        if urlPath != "/" { html += "<li><a href=\"../\">../</a></li>\n" }
        for name in names where !name.hasPrefix(".") {
            let isDirectory = (try? FileSystem.stat(directory + name))?.kind == .directory
            let shown = name + (isDirectory ? "/" : "")
            html += "<li><a href=\"\(percentEncode(name))\(isDirectory ? "/" : "")\">\(HTMLEscape.escape(shown))</a></li>\n"
        }
        html += "</ul>\n<hr><address>Gatehouse/\(GatehouseVersion.string)</address></body></html>\n"
        return Array(html.utf8)
    }

    /// Percent-encodes a path segment (RFC 3986 unreserved characters stay).
    static func percentEncode(_ name: String) -> String {
        var out = ""
        let hex = Array("0123456789ABCDEF")
        for byte in name.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.append(Character(UnicodeScalar(byte)))
            default:
                out.append("%")
                out.append(hex[Int(byte >> 4)])
                out.append(hex[Int(byte & 0xf)])
            }
        }
        return out
    }
}
