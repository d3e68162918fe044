/// Media types for file names: a built-in table looked up by the last suffix, case-insensitively,
/// under an override table the server builds from the rule file's `AddType` lines. ``Table``
/// layers the system's `/etc/mime.types` (``parseTypesFile(_:)-([UInt8])``) between the two and
/// merges them once per configuration load.
public enum MIMETypes {
    /// The type for unknown suffixes and for names without one.
    public static let defaultType = "application/octet-stream"
    /// The parameter appended to text types when the caller asks for it.
    public static let utf8Charset = "; charset=utf-8"

    /// The built-in table: lowercase suffix without the dot → media type. It is the fallback under
    /// the system's table, so it also carries the types Debian's `media-types` 10 lacks or
    /// gets wrong for the web: `yaml` (RFC 9512 registered `application/yaml`; Debian lists
    /// none), and the common ones a server without `/etc/mime.types` must still get right.
    public static let builtIn: [String: String] = [
        "html": "text/html", "htm": "text/html", "shtml": "text/html",
        "txt": "text/plain", "text": "text/plain", "asc": "text/plain",
        "css": "text/css", "js": "text/javascript", "mjs": "text/javascript",
        "md": "text/markdown", "markdown": "text/markdown", "csv": "text/csv",
        "json": "application/json", "map": "application/json", "jsonld": "application/ld+json",
        "xml": "application/xml", "xsl": "application/xml", "xhtml": "application/xhtml+xml",
        "rss": "application/rss+xml", "atom": "application/atom+xml",
        "svg": "image/svg+xml", "svgz": "image/svg+xml",
        "png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg", "gif": "image/gif",
        "webp": "image/webp", "avif": "image/avif", "ico": "image/x-icon", "bmp": "image/bmp",
        "tif": "image/tiff", "tiff": "image/tiff",
        "pdf": "application/pdf", "ps": "application/postscript", "rtf": "application/rtf",
        "zip": "application/zip", "gz": "application/gzip", "tgz": "application/gzip",
        "tar": "application/x-tar", "bz2": "application/x-bzip2", "xz": "application/x-xz",
        "7z": "application/x-7z-compressed", "wasm": "application/wasm",
        "mp4": "video/mp4", "m4v": "video/mp4", "webm": "video/webm", "ogv": "video/ogg",
        "mov": "video/quicktime", "mpeg": "video/mpeg", "mpg": "video/mpeg",
        "mp3": "audio/mpeg", "m4a": "audio/mp4", "ogg": "audio/ogg", "oga": "audio/ogg",
        "opus": "audio/ogg", "wav": "audio/wav", "flac": "audio/flac",
        "woff": "font/woff", "woff2": "font/woff2", "ttf": "font/ttf", "otf": "font/otf",
        "eot": "application/vnd.ms-fontobject",
        "vtt": "text/vtt", "ics": "text/calendar", "yaml": "application/yaml", "yml": "application/yaml",
        "webmanifest": "application/manifest+json", "epub": "application/epub+zip",
        "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "odt": "application/vnd.oasis.opendocument.text", "ods": "application/vnd.oasis.opendocument.spreadsheet",
        "odp": "application/vnd.oasis.opendocument.presentation", "apng": "image/apng", "jxl": "image/jxl",
        "mkv": "video/x-matroska",
    ]

    /// The override-table key for a suffix as the rule file writes it: `.HTML` → `html`.
    public static func overrideKey(forSuffix suffix: String) -> String {
        let trimmed = suffix.hasPrefix(".") ? suffix.dropFirst() : Substring(suffix)
        return lowercasedASCII(trimmed)
    }

    /// The lowercased last suffix of `fileName` (after any `/`), or nil when there is none: no
    /// dot, a trailing dot, or only a leading dot (`.profile`).
    public static func suffix(of fileName: String) -> String? {
        let name = fileName.utf8.lastIndex(of: ASCII.slash).map { fileName[fileName.utf8.index(after: $0)...] }
            ?? Substring(fileName)
        guard let dot = name.utf8.lastIndex(of: ASCII.dot), dot != name.utf8.startIndex else { return nil }
        let suffix = name[name.utf8.index(after: dot)...]
        return suffix.isEmpty ? nil : lowercasedASCII(suffix)
    }

    /// The media type for `fileName`: `overrides` (keys as ``overrideKey(forSuffix:)`` makes them)
    /// first, then the built-in table, else ``defaultType``. With `charset`, `text/*` and XML types
    /// get ``utf8Charset`` unless they already carry a charset.
    public static func type(forFileName fileName: String, overrides: [String: String] = [:], charset: Bool = false) -> String {
        let type = suffix(of: fileName).flatMap { overrides[$0] ?? builtIn[$0] } ?? defaultType
        return charset ? withCharset(type) : type
    }

    /// `type` with ``utf8Charset`` appended when it is textual and carries no charset yet.
    public static func withCharset(_ type: String) -> String {
        withCharset(type, essence: essence(of: type))
    }

    /// ``withCharset(_:)`` for a type whose ``essence(of:)`` is known.
    static func withCharset(_ type: String, essence: String) -> String {
        guard isText(essence: essence), !hasCharsetParameter(type) else { return type }
        return type + utf8Charset
    }

    /// Whether a type is textual, so that it may carry a charset: `text/*`, `application/xml`,
    /// `application/javascript`, or `+xml`. (JSON is text too, but RFC 8259 §11 defines no charset
    /// parameter for it: it is always UTF-8.)
    public static func isText(_ type: String) -> Bool {
        isText(essence: essence(of: type))
    }

    /// ``isText(_:)`` for a type's ``essence(of:)``.
    static func isText(essence: String) -> Bool {
        essence.hasPrefix("text/") || essence == "application/xml" || essence == "application/javascript"
            || essence.hasSuffix("+xml")
    }

    /// Whether a type is worth compressing on the fly: the textual ones (``isText(_:)``), JSON and
    /// `+json`, WebAssembly, and the uncompressed font and icon formats. Already-compressed media
    /// (images other than SVG, audio, video, archives, WOFF/WOFF2) gain nothing and cost CPU.
    /// Close to Caddy's default `encode` list, plus fonts and icons as h5bp's nginx setup has them.
    public static func isCompressible(_ type: String) -> Bool {
        isCompressible(essence: essence(of: type))
    }

    /// ``isCompressible(_:)`` for a type's ``essence(of:)``.
    static func isCompressible(essence: String) -> Bool {
        isText(essence: essence) || essence.hasSuffix("+json") || compressibleTypes.contains(essence)
    }

    /// The non-textual types ``isCompressible(_:)`` accepts by name.
    private static let compressibleTypes: Set<String> = [
        "application/json", "application/wasm", "application/vnd.ms-fontobject", "font/ttf", "font/otf",
        "font/collection", "application/x-font-ttf", "image/x-icon", "image/vnd.microsoft.icon", "image/bmp",
    ]

    /// The lowercased `type/subtype` of a media type, without parameters or whitespace.
    /// Byte-wise (a table of two thousand types is built at every load; walking Characters made
    /// that tens of milliseconds).
    static func essence(of type: String) -> String {
        var type = type
        return type.withUTF8 { utf8 in
            let bytes = UnsafeRawBufferPointer(utf8)
            let end = bytes.firstIndex(of: UInt8(ascii: ";")) ?? bytes.count
            return lowercasedASCII(ASCII.trimmingWhitespace(UnsafeRawBufferPointer(rebasing: bytes[..<end])))
        }
    }

    /// `text` with ASCII letters lowercased (other bytes as they are).
    private static func lowercasedASCII(_ text: Substring) -> String {
        var text = text
        return text.withUTF8 { lowercasedASCII(UnsafeRawBufferPointer($0)) }
    }

    /// `bytes` as a string with ASCII letters lowercased, written in place (no intermediate array).
    private static func lowercasedASCII(_ bytes: UnsafeRawBufferPointer) -> String {
        String(unsafeUninitializedCapacity: bytes.count) { out in
            for index in 0..<bytes.count { out[index] = ASCII.lowercased(bytes[index]) }
            return bytes.count
        }
    }

    /// Whether `type` holds `charset=` in any ASCII case.
    private static func hasCharsetParameter(_ type: String) -> Bool {
        let needle: StaticString = "charset="
        var type = type
        return type.withUTF8 { utf8 in
            let bytes = UnsafeRawBufferPointer(utf8)
            let length = needle.utf8CodeUnitCount
            guard bytes.count >= length else { return false }
            return (0...(bytes.count - length)).contains { start in
                ASCII.equalsIgnoringCase(UnsafeRawBufferPointer(rebasing: bytes[start..<(start + length)]), needle)
            }
        }
    }
}
