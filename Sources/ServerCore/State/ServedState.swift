import HTTPWire
import Protection
import RequestPolicy
import Transport

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
    /// Media types: the built-in table, `/etc/mime.types` over it, `AddType` over both.
    public let types: MIMETypes.Table
    /// Whether text types get `; charset=…` (`DefaultCharset`).
    public let charset: Bool
    /// Files besides the protection files whose change reloads the configuration (the system
    /// media types, error documents).
    public let auxiliaryFiles: [String]

    /// Where Debian's `media-types` keeps the system table.
    public static let systemTypesFile = "/etc/mime.types"
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
        var problems: [String] = []
        let system = ServedState.systemTypes(&problems)
        let types = MIMETypes.Table(system: system, overrides: overrides)
        self.types = types
        let charset = rules.defaultCharset != nil
        self.charset = charset
        let (pages, pageProblems) = ErrorPages.load(rules.settings.errorDocuments, ruleFile: rules.path) {
            types.type(forFileName: $0, charset: charset)
        }
        self.errorPages = pages
        self.problems = problems + pageProblems
        self.auxiliaryFiles = [ServedState.systemTypesFile] + rules.settings.errorDocuments.values.map(\.value)
        self.limits = ConnectionLimits(rules.tuning)
        self.passRoots = rules.passRoots.sorted { $0.count > $1.count }
        self.compressionTypes = Set(rules.settings.compressionTypes.map { $0.lowercased() })
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

    /// `CompressionTypes`, lower-cased.
    let compressionTypes: Set<String>

    /// Whether `type` (parameters aside) is gzipped on the fly.
    func compressesOnTheFly(_ type: String) -> Bool {
        let essence = type.split(separator: ";", maxSplits: 1).first.map { $0.lowercased().filter { $0 != " " } } ?? ""
        return compressionTypes.contains(essence)
    }

    /// The directories `Pass` rules serve, longest first.
    let passRoots: [String]

    /// The served directory `path` lies in (the longest `Pass` root it starts with).
    func passRoot(containing path: String) -> String? {
        passRoots.first { root in path.hasPrefix(root.hasSuffix("/") ? root : root + "/") }
    }

    /// The `Content-Type` for a file name.
    public func contentType(for fileName: String) -> String {
        types.type(forFileName: fileName, charset: charset)
    }

    /// The system's media-types table, when the file is there and parses (else the built-in
    /// table alone, and a message saying why).
    private static func systemTypes(_ problems: inout [String]) -> [String: String] {
        guard let bytes = try? FileSystem.readWholeFile(systemTypesFile, limit: MIMETypes.maxTypesFileBytes) else { return [:] }
        do {
            return try MIMETypes.parseTypesFile(bytes)
        } catch {
            problems.append("\(systemTypesFile): \(error); using the built-in media types")
            return [:]
        }
    }
}
