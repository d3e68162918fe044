import HTTPWire
import Protection
import RequestPolicy

/// One loaded configuration, ready to serve: the snapshot, the router over it, the request
/// policy, and the derived tables the responders need (media types, error pages, limits).
/// Immutable; the reloader swaps in a new one. A class, so handing it to a request costs one
/// reference count, not a copy of the whole snapshot.
public final class ServedState: Sendable {
    /// What the server's listeners contribute to the request policy (known once bound).
    public struct Facts: Sendable {
        /// Ports of the TLS listeners (the first is the one HTTPS redirects name).
        public var tlsPorts: [Int]
        /// The host redirects name when a request has no `Host`.
        public var hostName: String

        /// Facts of a server with `tlsPorts`.
        public init(tlsPorts: [Int] = [], hostName: String = "localhost") {
            self.tlsPorts = tlsPorts
            self.hostName = hostName
        }
    }

    /// The protection snapshot.
    public let snapshot: ProtectionSnapshot
    /// Translation, welcome files and the Gate (shared caches; each loop makes its own).
    public let router: RequestRouter<ACLCache, CachingVerifier, DiskFileSystem>
    /// The request policy.
    public let settings: DecisionSettings
    /// `AddType` suffix → type (what `MIMETypes` layers over its table).
    public let typeOverrides: [String: String]
    /// Whether text types get `; charset=…` (`DefaultCharset`).
    public let charset: Bool
    /// `ErrorDocument` pages.
    let errorPages: ErrorPages
    /// Messages about error documents that could not be read.
    public let problems: [String]
    /// Timeouts and caps.
    let limits: ConnectionLimits
    /// Request-head and body limits.
    let parserLimits: HTTPLimits
    /// `Strict-Transport-Security`, sent over TLS only.
    let strictTransportSecurity: HTTPField?
    /// A number that changes with every reload.
    public let generation: Int

    /// Builds the state for a snapshot.
    public init(snapshot: ProtectionSnapshot, acls: ACLCache, verifier: CachingVerifier, generation: Int, facts: Facts = Facts()) {
        self.snapshot = snapshot
        self.router = RequestRouter(snapshot: snapshot, files: acls, verifier: verifier, fileSystem: DiskFileSystem())
        let rules = snapshot.ruleFile
        self.settings = DecisionSettings(rules: rules, tlsPorts: facts.tlsPorts, hostName: facts.hostName)
        var overrides: [String: String] = [:]
        for rule in rules.types {
            overrides[MIMETypes.overrideKey(forSuffix: rule.suffix)] = rule.type
        }
        self.typeOverrides = overrides
        let charset = rules.defaultCharset != nil
        self.charset = charset
        let (pages, problems) = ErrorPages.load(rules.settings.errorDocuments, ruleFile: rules.path) {
            MIMETypes.type(forFileName: $0, overrides: overrides, charset: charset)
        }
        self.errorPages = pages
        self.problems = problems
        self.limits = ConnectionLimits(rules.tuning)
        var parserLimits = HTTPLimits()
        parserLimits.maxBodyBytes = rules.tuning.maxBodyBytes
        self.parserLimits = parserLimits
        self.strictTransportSecurity = rules.settings.strictTransportSecurity.map { HTTPField(name: "Strict-Transport-Security", value: $0) }
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
