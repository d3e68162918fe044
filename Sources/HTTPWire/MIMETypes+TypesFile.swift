extension MIMETypes {
    /// The largest `mime.types` file parsed (Debian's is about 72 KiB).
    public static let maxTypesFileBytes = 1 << 20
    /// The longest line (Debian's longest is under 100 bytes).
    public static let maxTypesFileLineBytes = 4096
    /// The most extension assignments (Debian's file has about 1,500).
    public static let maxTypesFileEntries = 20_000

    /// Parses a `mime.types` file as Debian's `media-types` package writes it (the format Apache's
    /// `TypesConfig` reads): one `type/subtype` per line followed by zero or more extensions,
    /// separated by spaces or tabs; `#` starts a comment (anywhere on a line, as Go's `mime` and
    /// the lighttpd helper read it); blank lines and CRLF endings are fine.
    ///
    /// Returns lowercase extension → type (written as the file has it). When two lines claim one
    /// extension the later wins, as in Apache's `mod_mime`, whose table Debian's Apache builds from
    /// this very file (e.g. `sh` is `text/x-sh`, not `application/x-sh`). Extensions with a dot
    /// (`tar.gz`-style, e.g. `sarif.json`) are skipped: lookups use the last suffix only.
    ///
    /// Fails closed: a type that is not `token/token`, an extension that is not a token, a line
    /// longer than ``maxTypesFileLineBytes``, more than ``maxTypesFileEntries`` assignments or a
    /// file larger than ``maxTypesFileBytes`` refuse the whole file, saying where.
    public static func parseTypesFile(_ bytes: [UInt8]) throws(MIMETypesFileError) -> [String: String] {
        guard bytes.count <= maxTypesFileBytes else {
            throw MIMETypesFileError(line: 0, "larger than \(maxTypesFileBytes) bytes")
        }
        var table: [String: String] = [:]
        var assignments = 0
        var lineNumber = 0
        var lineStart = 0
        while lineStart < bytes.count {
            lineNumber += 1
            let lineEnd = bytes[lineStart...].firstIndex(of: ASCII.lf) ?? bytes.count
            guard lineEnd - lineStart <= maxTypesFileLineBytes else {
                throw MIMETypesFileError(line: lineNumber, "longer than \(maxTypesFileLineBytes) bytes")
            }
            var fields = bytes[lineStart..<lineEnd].prefix { $0 != ASCII.hash }
                .split(whereSeparator: { ASCII.isWhitespace($0) || $0 == ASCII.cr })[...]
            lineStart = lineEnd + 1
            guard let typeField = fields.popFirst() else { continue }
            guard isMediaType(typeField) else {
                throw MIMETypesFileError(line: lineNumber, "'\(String(decoding: typeField, as: UTF8.self))' is not a type/subtype")
            }
            let type = String(decoding: typeField, as: UTF8.self)
            for field in fields {
                guard field.allSatisfy(ASCII.isTChar) else {
                    throw MIMETypesFileError(line: lineNumber, "'\(String(decoding: field, as: UTF8.self))' is not an extension")
                }
                if field.contains(ASCII.dot) { continue }
                assignments += 1
                guard assignments <= maxTypesFileEntries else {
                    throw MIMETypesFileError(line: 0, "more than \(maxTypesFileEntries) extensions")
                }
                table[String(decoding: field.lazy.map(ASCII.lowercased), as: UTF8.self)] = type
            }
        }
        return table
    }

    /// ``parseTypesFile(_:)-([UInt8])`` over text.
    public static func parseTypesFile(_ text: String) throws(MIMETypesFileError) -> [String: String] {
        try parseTypesFile(Array(text.utf8))
    }

    /// RFC 6838 §4.2 loosely, as RFC 9110 §8.3.1 writes it: `token "/" token`.
    private static func isMediaType(_ field: ArraySlice<UInt8>) -> Bool {
        guard let slash = field.firstIndex(of: ASCII.slash) else { return false }
        let type = field[..<slash]
        let subtype = field[(slash + 1)...]
        return !type.isEmpty && !subtype.isEmpty && type.allSatisfy(ASCII.isTChar) && subtype.allSatisfy(ASCII.isTChar)
    }
}
