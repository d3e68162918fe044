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

    /// The methods an entry may name: those the Gate decides on. The server answers every other
    /// method before the Gate runs (501, or 405 while disabled), so an entry naming one could
    /// never apply — a typo such as `GTE` would silently admit nobody.
    public static let methods = ["GET", "HEAD", "POST", "PUT", "DELETE"]

    /// Why `raw` (one comma-separated piece of a method list, blanks allowed around it) is not a
    /// method an entry can name, or nil when it is one (compared case-insensitively). The admin
    /// tools check `--methods` with the same rule.
    public static func methodProblem(_ raw: Substring) -> String? {
        let name = raw.trimmingBlanks()
        guard !name.isEmpty, name.utf8.count <= maxMethodLength,
            name.utf8.allSatisfy({ (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0) || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0) })
        else { return "'\(name)' is not a method name" }
        guard methods.contains(name.uppercased()) else {
            return "unknown method '\(name)'; an ACL entry names " + methods.joined(separator: ", ")
        }
        return nil
    }
}

extension ACLFile {
    /// Parses `.www_acl` text; errors carry `path:line`.
    public static func parse(_ text: String, path: String) throws(ProtectionFileError) -> ACLFile {
        var log = DiagnosticLog(path: path)
        var entries: [Entry] = []
        let lines = LogicalLine.split(text, continueAfterComma: true) { log.error($0, "line longer than \(LogicalLine.maxLineBytes) bytes") }
        for line in lines {
            let fields = line.text.fields(separatedBy: ":", maxSplits: 2)
            guard fields.count == 3 else {
                log.error(line.number, "expected 'template : methods : group-definition'")
                continue
            }
            let template = String(fields[0].trimmingBlanks())
            guard !template.isEmpty, !template.containsASCII("/"), template.countASCII("*") <= 1 else {
                log.error(line.number, "'\(template)': an ACL template is a file name with at most one '*'")
                continue
            }
            var methods: [String] = []
            var bad = false
            for raw in LogicalLine.pieces(fields[1], where: { $0 == UInt8(ascii: ",") }) {
                if let problem = methodProblem(raw) {
                    log.error(line.number, problem)
                    bad = true
                    break
                }
                methods.append(raw.trimmingBlanks().uppercased())
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
