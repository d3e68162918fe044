import HTTPWire
import Protection

/// One loaded configuration, ready to serve: the snapshot, the router over it and the derived
/// tables the responders need. Immutable; the reloader swaps in a new one. A class, so handing
/// it to a request costs one reference count, not a copy of the whole snapshot.
public final class ServedState: Sendable {
    /// The protection snapshot.
    public let snapshot: ProtectionSnapshot
    /// Translation, welcome files and the Gate.
    public let router: RequestRouter<ACLCache, CachingVerifier, DiskFileSystem>
    /// `AddType` suffix → type (what `MIMETypes` layers over its table).
    public let typeOverrides: [String: String]
    /// Whether text types get `; charset=…` (`DefaultCharset`).
    public let charset: Bool
    /// A number that changes with every reload.
    public let generation: Int

    /// Builds the state for a snapshot.
    public init(snapshot: ProtectionSnapshot, acls: ACLCache, verifier: CachingVerifier, generation: Int) {
        self.snapshot = snapshot
        self.router = RequestRouter(snapshot: snapshot, files: acls, verifier: verifier, fileSystem: DiskFileSystem())
        var overrides: [String: String] = [:]
        for rule in snapshot.ruleFile.types {
            overrides[MIMETypes.overrideKey(forSuffix: rule.suffix)] = rule.type
        }
        self.typeOverrides = overrides
        self.charset = snapshot.ruleFile.defaultCharset != nil
        self.generation = generation
    }

    /// A router over this snapshot with a loop's own caches, so loops share no lock on the
    /// request path.
    func makeRouter(acls: ACLCache, verifier: CachingVerifier, fileSystem: DiskFileSystem) -> RequestRouter<ACLCache, CachingVerifier, DiskFileSystem> {
        RequestRouter(snapshot: snapshot, files: acls, verifier: verifier, fileSystem: fileSystem)
    }

    /// The `Content-Type` for a file name.
    public func contentType(for fileName: String) -> String {
        MIMETypes.type(forFileName: fileName, overrides: typeOverrides, charset: charset)
    }
}
