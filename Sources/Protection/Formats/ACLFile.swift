/// A parsed `.www_acl` file (reference §5): `template : methods : group-definition` per line.
public struct ACLFile: Sendable, Hashable {
    /// One entry.
    public struct Entry: Sendable, Hashable {
        /// File-name template with at most one `*`, matched against the bare file name.
        public let template: String
        /// Upper-cased method names; `GET` also covers `HEAD`.
        public let methods: [String]
        /// Who is admitted.
        public let who: GroupDefinition
        /// Line of the entry.
        public let line: Int

        /// Whether this entry is "for" a request on `fileName` with `method`.
        public func applies(to fileName: String, method: String) -> Bool {
            guard Glob.matchesOneStar(template, fileName) else { return false }
            let m = method.methodName
            // Reference §8: `GET` in an ACL method list also covers HEAD (3.0A needed HEAD listed).
            return methods.contains(m) || (m == "HEAD" && methods.contains("GET"))
        }
    }

    /// The path it was read from.
    public let path: String
    /// Entries in file order.
    public let entries: [Entry]

    /// Makes an ACL file from entries.
    public init(path: String, entries: [Entry]) {
        self.path = path
        self.entries = entries
    }

    /// The entries for a request (template matches the name, method listed).
    public func entries(for fileName: String, method: String) -> [Entry] {
        entries.filter { $0.applies(to: fileName, method: method) }
    }

    /// The longest method name accepted, as in 3.0A.
    static let maxMethodLength = 12
}

extension ACLFile {
    /// Parses `.www_acl` text; errors carry `path:line`.
    public static func parse(_ text: String, path: String) throws(ProtectionFileError) -> ACLFile {
        var log = DiagnosticLog(path: path)
        var entries: [Entry] = []
        let lines = LogicalLine.split(text, continueAfterComma: true) { log.error($0, "line longer than \(LogicalLine.maxLineBytes) bytes") }
        for line in lines {
            let fields = line.text.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)
            guard fields.count == 3 else {
                log.error(line.number, "expected 'template : methods : group-definition'")
                continue
            }
            let template = String(fields[0].trimmingBlanks())
            guard !template.isEmpty, !template.contains("/"), template.filter({ $0 == "*" }).count <= 1 else {
                log.error(line.number, "'\(template)': an ACL template is a file name with at most one '*'")
                continue
            }
            var methods: [String] = []
            var bad = false
            for raw in fields[1].split(separator: ",") {
                let m = raw.trimmingBlanks().uppercased()
                guard !m.isEmpty, m.count <= maxMethodLength, m.allSatisfy({ $0.isLetter && $0.isASCII }) else {
                    log.error(line.number, "'\(raw.trimmingBlanks())' is not a method name")
                    bad = true
                    break
                }
                methods.append(m)
            }
            if bad { continue }
            if methods.isEmpty {
                log.error(line.number, "expected at least one method, e.g. GET or GET,PUT")
                continue
            }
            do {
                let who = try GroupDefinition(parsing: String(fields[2]))
                entries.append(Entry(template: template, methods: methods, who: who, line: line.number))
            } catch {
                log.error(line.number, error.message)
            }
        }
        _ = try log.finish()
        return ACLFile(path: path, entries: entries)
    }
}
