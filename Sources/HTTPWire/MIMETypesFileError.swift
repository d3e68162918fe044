/// Why a `mime.types` file was refused, and where: the 1-based line (0 for the file as a whole).
/// The reader adds the path; a server should log it and carry on with the built-in table.
public struct MIMETypesFileError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The 1-based line number, or 0 when the file as a whole is at fault (too big, too many entries).
    public let line: Int
    /// What is wrong there.
    public let reason: String

    /// An error at `line`.
    public init(line: Int, _ reason: String) {
        self.line = line
        self.reason = reason
    }

    /// `line N: reason`, or the reason alone for the whole file.
    public var description: String {
        line > 0 ? "line \(line): \(reason)" : reason
    }
}
