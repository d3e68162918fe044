/// A rule-file template (reference §1): literal text and any number of `*`, each matching any run
/// of characters including `/`, left-most first with backtracking; `\x` makes `x` literal.
/// Matching is case-sensitive, against the current (possibly mapped) URL path.
public struct RuleTemplate: Sendable, Hashable, CustomStringConvertible {
    /// The text as written.
    public let source: String
    /// Literal pieces between the wildcards: `literals.count == wildcards + 1`.
    let literals: [[UInt8]]

    /// Compiles a template.
    public init(_ source: String) {
        self.source = source
        var pieces: [[UInt8]] = [[]]
        var escaped = false
        for byte in source.utf8 {
            if escaped {
                pieces[pieces.count - 1].append(byte)
                escaped = false
            } else if byte == UInt8(ascii: "\\") {
                escaped = true
            } else if byte == UInt8(ascii: "*") {
                pieces.append([])
            } else {
                pieces[pieces.count - 1].append(byte)
            }
        }
        if escaped { pieces[pieces.count - 1].append(UInt8(ascii: "\\")) }
        self.literals = pieces
    }

    /// Number of wildcards.
    public var wildcardCount: Int { literals.count - 1 }

    /// The strings the wildcards matched, in order, or nil when the template does not match.
    public func match(_ text: String) -> [Substring]? {
        match(text, bytes: Array(text.utf8))
    }

    /// `match(_:)` with the text's UTF-8 bytes already at hand (the translator reuses them
    /// across rules).
    func match(_ text: String, bytes: [UInt8]) -> [Substring]? {
        var bindings: [Range<Int>] = []
        guard matchFrom(bytes, 0, piece: 0, bindings: &bindings) else { return nil }
        return bindings.map { range in
            let u = text.utf8
            let start = u.index(u.startIndex, offsetBy: range.lowerBound)
            let end = u.index(u.startIndex, offsetBy: range.upperBound)
            return text[start..<end]
        }
    }

    private func matchFrom(_ text: [UInt8], _ position: Int, piece: Int, bindings: inout [Range<Int>]) -> Bool {
        let literal = literals[piece]
        if piece == 0 {
            guard text.count >= literal.count, text[0..<literal.count].elementsEqual(literal) else { return false }
            if literals.count == 1 { return text.count == literal.count }
            return matchFrom(text, literal.count, piece: 1, bindings: &bindings)
        }
        let isLast = piece == literals.count - 1
        if isLast {
            // The final literal must end the string; the wildcard before it takes what is left.
            guard text.count - position >= literal.count,
                  text[(text.count - literal.count)...].elementsEqual(literal) else { return false }
            bindings.append(position..<(text.count - literal.count))
            return true
        }
        // Left-most occurrence first. Backtracking to a later occurrence can never succeed where the
        // left-most failed: everything after it begins with a `*` that absorbs the difference. So
        // the left-most-with-backtracking result of CERN is found in one pass, and hostile
        // templates or paths cannot make matching exponential.
        var start = position
        while start + literal.count <= text.count {
            if text[start..<(start + literal.count)].elementsEqual(literal) {
                bindings.append(position..<start)
                return matchFrom(text, start + literal.count, piece: piece + 1, bindings: &bindings)
            }
            start += 1
        }
        return false
    }

    /// Fills the `*`s of `result` with `bindings`, in order; surplus `*`s expand to nothing,
    /// surplus bindings are dropped (reference cern §2.2). A result without `*` is used as is.
    public static func substitute(_ result: String, with bindings: [Substring]) -> String {
        // Byte-wise: `*` and `\` are ASCII, and character iteration would cost grapheme breaking
        // on every request.
        var out: [UInt8] = []
        out.reserveCapacity(result.utf8.count + bindings.reduce(0) { $0 + $1.utf8.count })
        var next = 0
        var escaped = false
        for byte in result.utf8 {
            if escaped {
                out.append(byte)
                escaped = false
            } else if byte == UInt8(ascii: "\\") {
                escaped = true
            } else if byte == UInt8(ascii: "*") {
                if next < bindings.count { out.append(contentsOf: bindings[next].utf8) }
                next += 1
            } else {
                out.append(byte)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The template as written.
    public var description: String { source }
}
