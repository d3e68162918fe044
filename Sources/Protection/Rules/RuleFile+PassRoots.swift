extension RuleFile {
    /// The directory a Pass rule serves from: its result (or template) up to the first `*`, cut
    /// back to a `/`, resolved against the rule file's directory. Nothing outside it is served.
    public func passRoot(line: Int) -> String? {
        guard let rule = rules.first(where: { $0.line == line }), case .pass(let template, let result) = rule.rule else { return nil }
        var text = result ?? template.source
        if let star = text.firstIndex(ofASCII: "*") { text = String(text[..<star]) }
        if !text.endsWithASCII("/"), let slash = text.utf8.lastIndex(of: UInt8(ascii: "/")) { text = String(text[..<text.utf8.index(after: slash)]) }
        if !text.startsWithASCII("/") { text = PathResolution.directory(of: path) + "/" + text }
        return PathResolution.normalise(text)
    }
}

extension RuleFile {
    /// The directories every `Pass` rule that serves files (not a proxy URL) serves from.
    public var passRoots: [String] {
        rules.compactMap { line in
            guard case .pass(_, let result) = line.rule, !Translator.isProxyURL(result ?? "") else { return nil }
            return passRoot(line: line.line)
        }
    }
}
