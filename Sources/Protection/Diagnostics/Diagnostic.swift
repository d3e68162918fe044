/// One problem found in a protection file, with where it is and how serious it is.
///
/// Errors stop a file from loading (the last good state stays in force); warnings are
/// likely mistakes that `gatehouse check` reports without failing.
public struct Diagnostic: Sendable, Hashable, CustomStringConvertible {
    /// How serious a diagnostic is.
    public enum Severity: Sendable, Hashable {
        /// The file is rejected.
        case error
        /// The file loads; the thing named is probably a mistake.
        case warning
    }

    /// Where the problem is.
    public let location: SourceLocation
    /// Error or warning.
    public let severity: Severity
    /// What is wrong and, where it helps, what was expected.
    public let message: String

    /// Makes a diagnostic.
    public init(_ severity: Severity, at location: SourceLocation, _ message: String) {
        self.location = location
        self.severity = severity
        self.message = message
    }

    /// `path:line: message` for errors, `path:line: warning: message` for warnings.
    public var description: String {
        switch severity {
        case .error: return "\(location): \(message)"
        case .warning: return "\(location): warning: \(message)"
        }
    }
}

/// The errors that stop a protection file (or the snapshot built from it) from loading.
public struct ProtectionFileError: Error, Sendable, CustomStringConvertible {
    /// Every error found, in file order (at least one).
    public let diagnostics: [Diagnostic]

    /// Wraps a list of error diagnostics.
    public init(_ diagnostics: [Diagnostic]) { self.diagnostics = diagnostics }

    /// One error at one place.
    public init(path: String, line: Int, _ message: String) {
        self.diagnostics = [Diagnostic(.error, at: SourceLocation(path: path, line: line), message)]
    }

    /// The diagnostics, one per line.
    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}
