import HTTPWire

/// The URL the rule file sees for a proxy request (reference §6 proxy mode, cern §9.1): templates
/// such as `Pass http:*` and `Protect http://intranet.example/*` are matched against it. The server
/// and `gatehouse explain --proxy` both build it here, so they can never disagree.
public enum ProxyURL {
    /// The default port of `http`, omitted from the canonical form.
    public static let defaultHTTPPort = 80

    /// `http://host[:port]/path[?query]` for an absolute-form target: the host lower-cased, the
    /// port omitted when it is 80, the path percent-decoded with dot segments removed (exactly as
    /// origin-form paths are, so `/public/../secret` cannot slip past `Protect …/secret/*`), the
    /// query as received. Throws what the path's normalisation throws (400).
    public static func canonical(_ target: AbsoluteTarget) throws(HTTPParseError) -> String {
        let path = try target.normalisedPath()
        var url = "http://" + target.host
        if let port = target.port, port != defaultHTTPPort { url += ":" + String(port) }
        url += path.path
        if let query = target.query { url += "?" + query }
        return url
    }

    /// `https://host:port` for `CONNECT host:port`, the host lower-cased; the port is always
    /// written, so `Pass https://*:443` style templates can select ports.
    public static func canonical(connectHost host: String, port: Int) -> String {
        "https://" + host.lowercased() + ":" + String(port)
    }
}
