/// Collects diagnostics while one file is parsed, so a parser can report every problem
/// rather than stopping at the first.
struct DiagnosticLog: Sendable {
    let path: String
    private(set) var all: [Diagnostic] = []

    init(path: String) { self.path = path }

    mutating func error(_ line: Int, _ message: String) {
        all.append(Diagnostic(.error, at: SourceLocation(path: path, line: line), message))
    }

    mutating func warning(_ line: Int, _ message: String) {
        all.append(Diagnostic(.warning, at: SourceLocation(path: path, line: line), message))
    }

    mutating func append(contentsOf other: [Diagnostic]) { all.append(contentsOf: other) }

    var errors: [Diagnostic] { all.filter { $0.severity == .error } }
    var warnings: [Diagnostic] { all.filter { $0.severity == .warning } }

    /// Throws the errors, if any; otherwise returns the warnings.
    func finish() throws(ProtectionFileError) -> [Diagnostic] {
        let errs = errors
        if !errs.isEmpty { throw ProtectionFileError(errs) }
        return warnings
    }
}
