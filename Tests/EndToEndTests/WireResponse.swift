import Foundation

/// One HTTP/1.x response exactly as it came off the wire: the raw bytes, plus the status line,
/// fields and body split out for assertions.
struct WireResponse: Sendable, CustomStringConvertible {
    /// Everything received for this response (head and body).
    let raw: [UInt8]
    /// `HTTP/1.1`, `HTTP/1.0`, …
    let version: String
    /// The status code.
    let status: Int
    /// The reason phrase.
    let reason: String
    /// The header fields in order, names as sent.
    let fields: [(name: String, value: String)]
    /// The body (empty for HEAD, 1xx, 204 and 304).
    let body: [UInt8]

    /// The first value of the field `name` (case-insensitive).
    func header(_ name: String) -> String? {
        fields.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    /// Every value of the field `name` (case-insensitive).
    func headers(_ name: String) -> [String] {
        fields.filter { $0.name.lowercased() == name.lowercased() }.map(\.value)
    }

    /// The body as text (invalid UTF-8 repaired).
    var bodyText: String { String(decoding: body, as: UTF8.self) }

    /// The raw response as text, for failure messages.
    var description: String { String(decoding: raw.prefix(2048), as: UTF8.self) }

    /// Splits a response head (status line and fields, without the final empty line).
    /// Returns nil when the head is not an HTTP/1.x status line followed by `name: value` lines.
    static func parseHead(_ head: [UInt8]) -> (version: String, status: Int, reason: String, fields: [(name: String, value: String)])? {
        let lines = String(decoding: head, as: UTF8.self).components(separatedBy: "\r\n")
        guard let statusLine = lines.first else { return nil }
        let parts = statusLine.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count >= 2, parts[0].hasPrefix("HTTP/"), parts[1].count == 3, let status = Int(parts[1]) else { return nil }
        var fields: [(name: String, value: String)] = []
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { return nil }
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            fields.append((String(line[..<colon]), value))
        }
        return (String(parts[0]), status, parts.count > 2 ? String(parts[2]) : "", fields)
    }
}
