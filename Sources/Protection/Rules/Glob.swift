/// The single-wildcard matcher used by ACL templates and address templates: a literal prefix,
/// at most one `*` matching any run of characters, and a literal suffix (reference §5).
enum Glob {
    /// Whether `pattern` (at most one `*`) matches all of `text`, case-sensitively.
    static func matchesOneStar(_ pattern: String, _ text: String) -> Bool {
        guard let star = pattern.utf8.firstIndex(of: UInt8(ascii: "*")) else { return pattern == text }
        let prefix = pattern.utf8[..<star]
        let suffix = pattern.utf8[pattern.utf8.index(after: star)...]
        let t = text.utf8
        guard t.count >= prefix.count + suffix.count else { return false }
        return t.starts(with: prefix) && t.reversed().starts(with: suffix.reversed())
    }
}
