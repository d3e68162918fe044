/// A protection setup (reference §2): the realm, the password and group files, the masks per
/// method and `ACLOverride`. Defined in a setup file, a named `Protection NAME { … }` block, or
/// inline after `Protect`/`DefProt`.
public struct ProtectionSetup: Sendable, Hashable {
    /// Methods a mask line can name.
    public enum MaskKind: String, Sendable, Hashable, CaseIterable {
        case get = "GetMask", put = "PutMask", post = "PostMask", delete = "DeleteMask", general = "Mask"
    }

    /// How the setup is referred to in traces: its name, or the setup file's path.
    public let name: String
    /// Where it was defined.
    public let location: SourceLocation
    /// The realm sent in challenges (`ServerId`; surrounding quotes removed).
    public let realm: String
    /// Absolute path of the password file, if any.
    public let passwordFile: String?
    /// Absolute path of the group file, if any.
    public let groupFile: String?
    /// The masks that were set.
    public let masks: [MaskKind: GroupDefinition]
    /// `ACLOverride On`: an existing ACL file alone decides, masks are skipped.
    public let aclOverride: Bool
    /// `UserId` / `GroupId`, kept but unused (Gatehouse does not change user per request).
    public let userId: String?
    /// See `userId`.
    public let groupId: String?

    /// The mask for a method (reference §2): `GetMask` covers GET and HEAD; PUT, POST and DELETE
    /// have their own; `Mask` is the fallback for every method without its own line.
    public func mask(for method: String) -> (kind: MaskKind, definition: GroupDefinition)? {
        let own: MaskKind?
        switch method.methodName {
        case "GET", "HEAD": own = .get
        case "PUT": own = .put
        case "POST": own = .post
        case "DELETE": own = .delete
        default: own = nil
        }
        if let own, let d = masks[own] { return (own, d) }
        if let d = masks[.general] { return (.general, d) }
        return nil
    }
}
