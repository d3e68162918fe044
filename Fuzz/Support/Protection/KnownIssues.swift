import Protection

/// Findings reported to the code's owners and not fixed yet. Each has a failing regression test
/// in `Tests/ProtectionTests/Core/FuzzRegressionTests.swift`; the fuzz targets skip only the one
/// invariant each breaks, so fuzzing can go on past them. Delete an entry once it is fixed.
enum KnownIssues {
    /// An IPv4-mapped IPv6 network template (`[::ffff:10.1.2.3]`) prints as `[10.1.2.3/128]`:
    /// `ClientAddress(bytes:)` folds the address to IPv4, and brackets must hold IPv6, so the
    /// description does not parse back.
    static func isMappedNetwork(_ template: AddressTemplate) -> Bool {
        guard case .network(let bytes, _) = template, bytes.count == 16 else { return false }
        return bytes[0..<10].allSatisfy { $0 == 0 } && bytes[10] == 0xFF && bytes[11] == 0xFF
    }

    /// Whether a definition holds such a template, so that its `description` cannot round-trip.
    static func hasMappedNetwork(_ definition: GroupDefinition) -> Bool {
        definition.items.contains { $0.addresses.contains(where: isMappedNetwork) }
    }
}
