/// A parsed group file: named group definitions in file order (reference §4).
///
/// Names are case-sensitive. A definition may use only groups defined above it (forward
/// references are errors), so the file is acyclic; predefined names (`All`, `Anybody`, …) may not
/// be redefined.
public struct GroupFile: Sendable, Hashable {
    /// One `name: definition` record.
    public struct Group: Sendable, Hashable {
        /// The group's name.
        public let name: String
        /// What it admits.
        public let definition: GroupDefinition
        /// Line it was declared on.
        public let line: Int
    }

    /// The path it was read from.
    public let path: String
    /// Groups in file order.
    public let groups: [Group]
    private let byName: [String: Int]

    /// Makes a group file from already-validated groups.
    init(path: String, groups: [Group]) {
        self.path = path
        self.groups = groups
        var index: [String: Int] = [:]
        for (i, g) in groups.enumerated() { index[g.name] = i }
        self.byName = index
    }

    /// An empty group file (a setup without `GroupFile`).
    public static let empty = GroupFile(path: "", groups: [])

    /// The definition of a group, if the file declares it.
    public func definition(of name: String) -> GroupDefinition? {
        byName[name].map { groups[$0].definition }
    }

    /// Whether the file declares `name`.
    public func contains(_ name: String) -> Bool { byName[name] != nil }
}
