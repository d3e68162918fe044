/// A place in a protection file: the path as the user named it and a 1-based line number.
public struct SourceLocation: Sendable, Hashable, CustomStringConvertible {
    /// The file's path (resolved, as it was opened).
    public let path: String
    /// 1-based line number; 0 means "the file as a whole".
    public let line: Int

    /// Makes a location.
    public init(path: String, line: Int) {
        self.path = path
        self.line = line
    }

    /// `path:line` (or just `path` for whole-file problems), the form editors jump to.
    public var description: String { line > 0 ? "\(path):\(line)" : path }
}
