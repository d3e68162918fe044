/// A parsed rule file (`httpd.conf`, reference §1): translation and protection rules in order,
/// the protection setups they name, and the server settings. A class, so the translator and
/// the Gate share it by reference on every request.
public final class RuleFile: Sendable {
    /// One translation or protection rule.
    public enum Rule: Sendable, Hashable {
        /// `Map T R`: rewrite and continue.
        case map(RuleTemplate, result: String)
        /// `Pass T [R]`: rewrite (when R is given) and end translation with a file path.
        case pass(RuleTemplate, result: String?)
        /// `Fail T`: end translation with 403.
        case fail(RuleTemplate)
        /// `Redirect T URL` (302) or `Moved T URL` (301): end translation with a redirect.
        case redirect(RuleTemplate, url: String, permanent: Bool)
        /// `Protect T [SETUP [UID.GID]]`: protect with the setup (nil: the default in effect).
        case protect(RuleTemplate, setup: Int?, ids: String?)
        /// `DefProt T SETUP [UID.GID]`: set the default setup.
        case defProt(RuleTemplate, setup: Int, ids: String?)

        /// The rule's template.
        public var template: RuleTemplate {
            switch self {
            case .map(let t, _), .pass(let t, _), .fail(let t), .redirect(let t, _, _), .protect(let t, _, _), .defProt(let t, _, _): return t
            }
        }
    }

    /// A rule and the line it came from.
    public struct Line: Sendable, Hashable {
        /// The rule.
        public let rule: Rule
        /// Its line in the rule file.
        public let line: Int
    }

    /// Where a setup comes from: defined in the rule file, or a setup file to read.
    public enum SetupSource: Sendable, Hashable {
        /// A `Protection NAME { … }` block or an inline `{ … }` after Protect/DefProt.
        case defined(ProtectionSetup)
        /// A setup file (absolute path), read by the loader.
        case file(path: String, namedAt: SourceLocation)
    }

    /// How directories without a welcome file are shown (`DirAccess`).
    public enum DirectoryListing: Sendable, Hashable {
        /// Never listed (403).
        case off
        /// Always listed.
        case on
        /// Listed only when the directory holds `.www_browsable`.
        case selective
    }

    /// `AddType .EXT TYPE [ENCODING [QUALITY]]`.
    public struct TypeRule: Sendable, Hashable {
        /// Suffix without the dot, lower-cased (`*.*` and `*` are CERN's defaults).
        public let suffix: String
        /// The MIME type as written.
        public let type: String
        /// Content encoding, when not `binary`/`8bit`/`7bit`.
        public let encoding: String?
    }

    /// The path the rule file was read from.
    public let path: String
    /// Rules in file order.
    public let rules: [Line]
    /// Setups, indexed by the rules' `setup` numbers.
    public let setupSources: [SetupSource]
    /// `Welcome` names in priority order (default `Welcome.html welcome.html index.html`).
    public let welcome: [String]
    /// `AddType` rules in file order.
    public let types: [TypeRule]
    /// `DirAccess`.
    public let directoryListing: DirectoryListing
    /// `Port`.
    public let port: Int?
    /// `AccessLog` (absolute).
    public let accessLog: String?
    /// `ErrorLog` (absolute).
    public let errorLog: String?
    /// `ServerRoot` (absolute).
    public let serverRoot: String?
    /// Methods switched on by `Enable` beyond GET and HEAD (PUT and DELETE are off until enabled).
    public let enabledMethods: Set<String>
    /// `DNSLookup`.
    public let dnsLookup: Bool
    /// `ProxyDestinations`.
    public let proxyDestinations: [AddressTemplate]?
    /// `ProxyConnectPorts`.
    public let proxyConnectPorts: [Int]
    /// `DefaultCharset` (Gatehouse): appended to `text/*` types when set.
    public let defaultCharset: String?
    /// Gatehouse's own numeric settings (timeouts, limits), by directive.
    public let tuning: ServerTuning
    /// Gatehouse's deployment directives (TLS, proxies, logs, headers, compression).
    public let settings: ServerSettings
    /// Relative `Pass` results resolved against the rule file's directory, by rule line.
    public let resolvedPassResults: [Int: String]

    init(path: String, rules: [Line], setupSources: [SetupSource], welcome: [String], types: [TypeRule], directoryListing: DirectoryListing, port: Int?, accessLog: String?, errorLog: String?, serverRoot: String?, enabledMethods: Set<String>, dnsLookup: Bool, proxyDestinations: [AddressTemplate]?, proxyConnectPorts: [Int], defaultCharset: String?, tuning: ServerTuning, settings: ServerSettings, resolvedPassResults: [Int: String]) {
        self.path = path
        self.rules = rules
        self.setupSources = setupSources
        self.welcome = welcome
        self.types = types
        self.directoryListing = directoryListing
        self.port = port
        self.accessLog = accessLog
        self.errorLog = errorLog
        self.serverRoot = serverRoot
        self.enabledMethods = enabledMethods
        self.dnsLookup = dnsLookup
        self.proxyDestinations = proxyDestinations
        self.proxyConnectPorts = proxyConnectPorts
        self.defaultCharset = defaultCharset
        self.tuning = tuning
        self.settings = settings
        self.resolvedPassResults = resolvedPassResults
    }
}
