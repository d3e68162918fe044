/// What `gatehouse check` found: errors (the configuration would not load), warnings (likely
/// mistakes), and what was read.
public struct CheckReport: Sendable {
    /// Problems that stop the configuration from loading, each with `path:line`.
    public let errors: [Diagnostic]
    /// Likely mistakes, each with `path:line`.
    public let warnings: [Diagnostic]
    /// Counts for the one-line summary.
    public let rules: Int, setups: Int, users: Int, groups: Int, aclFiles: Int

    /// True when there are no errors.
    public var passed: Bool { errors.isEmpty }

    /// `N rules, N setups, N users, N groups, N ACL files`.
    public var summary: String {
        func n(_ count: Int, _ word: String) -> String { "\(count) \(word)\(count == 1 ? "" : "s")" }
        return [n(rules, "rule"), n(setups, "setup"), n(users, "user"), n(groups, "group"), n(aclFiles, "ACL file")].joined(separator: ", ")
    }
}
