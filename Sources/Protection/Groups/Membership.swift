/// The result of checking a client against a group definition (reference §4, §6 steps 8 and 12).
public enum Membership: Sendable, Hashable {
    /// An item admits the client.
    case member
    /// Some item admitted the client's address but not the user: credentials could help (401).
    case notMember
    /// No item admitted the client's address: no credentials could help (403 in a mask).
    case addressRefused
}

/// Evaluates group definitions for one client: the authenticated user (nil if anonymous) and the
/// numeric address, resolving names against a group file.
public struct GroupEvaluator: Sendable {
    /// The authenticated user, nil when anonymous.
    public let user: String?
    /// Where the request came from.
    public let client: ClientAddress
    /// Groups names resolve to.
    public let groups: GroupFile

    /// Makes an evaluator.
    public init(user: String?, client: ClientAddress, groups: GroupFile) {
        self.user = user
        self.client = client
        self.groups = groups
    }

    /// Checks the client against a definition.
    ///
    /// Gatehouse decides "address refused" per definition, recursively: a group reference admits
    /// the address when its own definition has an item that admits it. 3.0A kept one static flag
    /// across nested checks, which made the 401/403 choice depend on the order of items (reference
    /// cern-protection §5.4); the README lists this difference.
    public func check(_ definition: GroupDefinition) -> Membership {
        var memo: [String: Membership] = [:]
        return check(definition, memo: &memo, depth: 0)
    }

    /// Nested groups are acyclic by construction; the depth bound is a second fence.
    static let maxDepth = 64

    private func check(_ definition: GroupDefinition, memo: inout [String: Membership], depth: Int) -> Membership {
        guard depth < GroupEvaluator.maxDepth else { return .addressRefused }
        var addressAdmitted = false
        for item in definition.items {
            if !item.addresses.isEmpty && !item.addresses.contains(where: { $0.matches(client) }) { continue }
            if item.names.isEmpty { return .member }
            for name in item.names {
                switch nameCheck(name, memo: &memo, depth: depth) {
                case .member: return .member
                case .notMember: addressAdmitted = true
                case .addressRefused: break
                }
            }
        }
        return addressAdmitted ? .notMember : .addressRefused
    }

    private func nameCheck(_ name: String, memo: inout [String: Membership], depth: Int) -> Membership {
        if let predefined = PredefinedGroup(name: name) {
            if predefined.admitsAnonymous || user != nil { return .member }
            return .notMember
        }
        if let definition = groups.definition(of: name) {
            if let known = memo[name] { return known }
            let result = check(definition, memo: &memo, depth: depth + 1)
            memo[name] = result
            return result
        }
        return user == name ? .member : .notMember
    }
}
