/// How the request reached the server: over plain TCP or over TLS. The HTTPS policy
/// (`RedirectToTLS`, `RequireTLSForAuth`) depends on it.
public enum ListenerKind: Sendable, Hashable {
    /// Plain HTTP.
    case plain
    /// HTTP over TLS.
    case tls
}
