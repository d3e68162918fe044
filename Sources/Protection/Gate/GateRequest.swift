/// A request as the Gate sees it: already translated by the rule file, with the path whose
/// directory holds the ACL and whose name ACL templates match.
public struct GateRequest: Sendable {
    /// Whose credentials and which challenge: a document request or a proxy request.
    public enum Mode: Sendable, Hashable {
        /// `Authorization`, 401 + `WWW-Authenticate`, ACL files consulted.
        case origin
        /// `Proxy-Authorization`, 407 + `Proxy-Authenticate`, no ACL files (reference §6).
        case proxy
    }

    /// The method, upper-case.
    public let method: String
    /// The file path checked: its directory holds the ACL, its last component is matched against
    /// ACL templates (a directory is written with a trailing `/`, so its name is empty).
    public let checkedPath: String
    /// Who connected.
    public let client: ClientAddress
    /// The credentials header value (Authorization or Proxy-Authorization), if sent.
    public let credentials: String?
    /// Origin or proxy.
    public let mode: Mode
    /// The rule file's verdict on protection.
    public let translation: Translation

    /// The field credentials come in for `mode` (RFC 9110 §11.6.2, §11.7.2).
    public static func credentialsField(_ mode: Mode) -> String {
        mode == .proxy ? "Proxy-Authorization" : "Authorization"
    }

    /// Makes a request description.
    public init(method: String, checkedPath: String, client: ClientAddress, credentials: String?, mode: Mode = .origin, translation: Translation) {
        self.method = method.methodName
        self.checkedPath = checkedPath
        self.client = client
        self.credentials = credentials
        self.mode = mode
        self.translation = translation
    }
}
