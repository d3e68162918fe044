/// A group definition (reference §4): a list of items, each admitting named users or groups,
/// optionally only from some addresses. Used in group files, setup masks and `.www_acl` lines.
public struct GroupDefinition: Sendable, Hashable, CustomStringConvertible {
    /// The items, in the order written.
    public let items: [GroupItem]

    /// Makes a definition from items (at least one).
    public init(items: [GroupItem]) { self.items = items }

    /// Every user or group name the definition mentions.
    public var names: [String] { items.flatMap(\.names) }

    /// The definition in canonical group-definition syntax; it parses back to the same value.
    public var description: String { items.map(\.description).joined(separator: ", ") }
}

/// One item of a group definition: `user_part [@ address_part]` or `@ address_part`.
public struct GroupItem: Sendable, Hashable, CustomStringConvertible {
    /// User or group names; empty when the item has only an address part.
    public let names: [String]
    /// Address templates; empty when any address will do.
    public let addresses: [AddressTemplate]

    /// Makes an item.
    public init(names: [String], addresses: [AddressTemplate]) {
        self.names = names
        self.addresses = addresses
    }

    /// The item in group-definition syntax.
    public var description: String {
        var text = ""
        if names.count == 1 { text = names[0] } else if names.count > 1 { text = "(" + names.joined(separator: ", ") + ")" }
        if addresses.count == 1 { text += "@" + addresses[0].description }
        if addresses.count > 1 { text += "@(" + addresses.map(\.description).joined(separator: ", ") + ")" }
        return text
    }
}

/// The names every setup knows without a group file (reference §4), compared case-insensitively.
public enum PredefinedGroup: String, Sendable, CaseIterable {
    /// Every user who authenticated against the setup's password file.
    case all
    /// Same as `all`.
    case users
    /// Everyone, with or without credentials.
    case anybody
    /// Same as `anybody`.
    case anyone
    /// Same as `anybody`.
    case anonymous

    /// The predefined group a name means, if any (case-insensitive).
    public init?(name: String) {
        // Quick refusal without lower-casing: every predefined name starts with a or u.
        guard let first = name.utf8.first, first | 0x20 == UInt8(ascii: "a") || first | 0x20 == UInt8(ascii: "u") else { return nil }
        self.init(rawValue: name.lowercased())
    }

    /// Whether it admits anonymous clients too.
    public var admitsAnonymous: Bool {
        switch self {
        case .all, .users: return false
        case .anybody, .anyone, .anonymous: return true
        }
    }
}
