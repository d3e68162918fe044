/// The result of running the rule file over a request path (reference §1): where the path
/// ends up, which setup protects it, and the steps taken.
public struct Translation: Sendable, Hashable {
    /// How translation ended.
    public enum Outcome: Sendable, Hashable {
        /// A `Pass` accepted the path: serve this file-system path.
        case file(path: String, passLine: Int)
        /// A `Fail` rule matched (403).
        case failed(line: Int)
        /// No `Pass` matched (403: the server's default is to refuse).
        case noPass
        /// A `Redirect` (302) or `Moved` (301) rule matched.
        case redirect(url: String, permanent: Bool, line: Int)
    }

    /// How translation ended.
    public let outcome: Outcome
    /// The setup of the last matching `Protect` (index into the snapshot's setups).
    public let protection: Int?
    /// A `Protect` without setup matched while no `DefProt` was in effect: fail closed.
    public let protectionUnresolved: Bool
    /// The setup of the last matching `DefProt`.
    public let defaultProtection: Int?
    /// One line per rule that matched, for `explain`.
    public let steps: [String]
}

/// Runs the rules of a rule file, top to bottom, over a decoded URL path (or, in proxy mode, over
/// the absolute URL `http://host:port/path`).
public enum Translator {
    /// Whether a path has `.` or `..` segments or doubled slashes to fold (rare: request paths
    /// arrive normalised, so this saves the work on the hot path).
    static func needsNormalising(_ path: String) -> Bool {
        PathResolution.contains(path, "//") || PathResolution.contains(path, "/./") || PathResolution.contains(path, "/../")
            || path.utf8.elementsEqual("/.".utf8) || path.utf8.reversed().starts(with: "./".utf8) || path.utf8.reversed().starts(with: "../".utf8)
    }

    /// Whether a translated string is a proxy URL rather than a file path.
    public static func isProxyURL(_ text: String) -> Bool {
        text.utf8.starts(with: "http:".utf8) || text.utf8.starts(with: "https:".utf8)
    }

    /// Translates `path` (decoded, dot segments removed). `query` is appended to redirects.
    /// With `tracing` off (the server's hot path) no step text is built.
    public static func translate(_ path: String, query: String? = nil, rules: RuleFile, tracing: Bool = true) -> Translation {
        var current = path
        var currentBytes = Array(path.utf8)
        var protection: Int?
        var unresolved = false
        var defaultProtection: Int?
        var steps: [String] = []
        func note(_ text: @autoclosure () -> String) {
            if tracing { steps.append(text()) }
        }
        let base = PathResolution.directory(of: rules.path)
        for line in rules.rules {
            guard let bindings = line.rule.template.match(current, bytes: currentBytes) else { continue }
            switch line.rule {
            case .map(let t, let result):
                let next = RuleTemplate.substitute(result, with: bindings)
                note("line \(line.line): Map \(t) \(result): '\(current)' → '\(next)'")
                current = next
                currentBytes = Array(next.utf8)
            case .pass(let t, let result):
                // A relative result was resolved against the rule file's directory at load time.
                let resolved = rules.resolvedPassResults[line.line] ?? result
                var target = resolved.map { RuleTemplate.substitute($0, with: bindings) } ?? current
                if Translator.isProxyURL(target) {
                    // `Pass http:*` enables proxying: the result is a URL, not a file.
                } else {
                    if !target.startsWithASCII("/") { target = base + "/" + target }
                    if Translator.needsNormalising(target) {
                        target = PathResolution.normalise(target) + (PathResolution.endsWithSlash(target) && target.utf8.count > 1 ? "/" : "")
                    }
                }
                let kind = Translator.isProxyURL(target) ? "proxied to" : "file"
                note("line \(line.line): Pass \(t)\(result.map { " " + $0 } ?? ""): '\(current)' → \(kind) '\(target)'")
                return Translation(outcome: .file(path: target, passLine: line.line), protection: protection,
                                   protectionUnresolved: unresolved, defaultProtection: defaultProtection, steps: steps)
            case .fail(let t):
                note("line \(line.line): Fail \(t): '\(current)' is refused by rule")
                return Translation(outcome: .failed(line: line.line), protection: protection,
                                   protectionUnresolved: unresolved, defaultProtection: defaultProtection, steps: steps)
            case .redirect(let t, let url, let permanent):
                var target = RuleTemplate.substitute(url, with: bindings)
                if let query, !query.isEmpty { target += (target.containsASCII("?") ? "&" : "?") + query }
                note("line \(line.line): \(permanent ? "Moved" : "Redirect") \(t): '\(current)' → \(target)")
                return Translation(outcome: .redirect(url: target, permanent: permanent, line: line.line), protection: protection,
                                   protectionUnresolved: unresolved, defaultProtection: defaultProtection, steps: steps)
            case .protect(let t, let setup, _):
                // Last match wins; a Protect without setup takes the DefProt in effect right now.
                if let setup {
                    protection = setup
                    unresolved = false
                } else if let defaultProtection {
                    protection = defaultProtection
                    unresolved = false
                } else {
                    protection = nil
                    unresolved = true
                }
                note("line \(line.line): Protect \(t): '\(current)' is protected" + (unresolved ? " but no DefProt is in effect" : ""))
            case .defProt(let t, let setup, _):
                defaultProtection = setup
                note("line \(line.line): DefProt \(t): default setup for '\(current)'")
            }
        }
        note("no Pass rule matched '\(current)': refused")
        return Translation(outcome: .noPass, protection: protection, protectionUnresolved: unresolved,
                           defaultProtection: defaultProtection, steps: steps)
    }
}
