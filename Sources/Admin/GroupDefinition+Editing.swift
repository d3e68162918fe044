import Protection

extension GroupDefinition {
    /// Parses each argument as group-definition syntax and concatenates the items, so
    /// `ann bob` and `"ann, bob"` mean the same.
    static func parsingArguments(_ arguments: [String]) throws(AdminFailure) -> GroupDefinition {
        var items: [GroupItem] = []
        for argument in arguments {
            do {
                items += try GroupDefinition(parsing: argument).items
            } catch {
                throw .failed("'\(argument)': \(error.message)")
            }
        }
        guard !items.isEmpty else { throw .usage("expected at least one member (a user, a group, or an item like ann@10.0.0.0/8)") }
        let definition = GroupDefinition(items: items)
        try NameRules.checkMembers(definition)
        return definition
    }

    /// The items of `other` this definition does not already have, without repeats.
    func missingItems(of other: GroupDefinition) -> [GroupItem] {
        var result: [GroupItem] = []
        for item in other.items where !items.contains(item) && !result.contains(item) { result.append(item) }
        return result
    }

    /// The definition with `removed` taken out, or nil when nothing would be left.
    ///
    /// An item of `removed` that has only names (`bob`, `(ann, bob)`) takes those names out of
    /// every item's user part, whatever its address part; one with an address part takes them
    /// out only of items with the same addresses, and an address-only item removes equal items.
    /// An item whose user part becomes empty is dropped, never left as an address-only item:
    /// `(ann)@10.*` minus `ann` must not become `@10.*`, which would admit everybody from there.
    func removing(_ removed: GroupDefinition) -> GroupDefinition? {
        var result = items
        for gone in removed.items {
            result = result.compactMap { item in
                if gone.names.isEmpty { return item == gone ? nil : item }
                guard gone.addresses.isEmpty || Set(gone.addresses) == Set(item.addresses) else { return item }
                let names = item.names.filter { !gone.names.contains($0) }
                if names.count == item.names.count { return item }
                return names.isEmpty ? nil : GroupItem(names: names, addresses: item.addresses)
            }
        }
        return result.isEmpty ? nil : GroupDefinition(items: result)
    }
}
