import HTTPWire

/// Where a proxied request goes: the host to resolve, the port, and (for `http`) the `Host`
/// field and origin-form target to send there.
public struct ProxyTarget: Sendable, Hashable {
    /// The host as written in the URL, lower-cased; IPv6 literals keep their brackets.
    public let host: String
    /// The TCP port.
    public let port: Int
    /// The origin-form request-target to send (`/path?query`); empty for CONNECT.
    public let requestTarget: String

    /// The host to resolve: brackets of an IPv6 literal removed.
    public var resolvableHost: String {
        host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
    }

    /// The `Host` field value (RFC 9112 §3.2.2: the target URI's authority; port 80 omitted).
    public var hostField: String {
        port == ProxyURL.defaultHTTPPort ? host : host + ":" + String(port)
    }

    /// The request as the client sent it: the origin-form target forwarded unchanged (RFC 9110
    /// §7.1, as CERN did when no rule rewrote the URL).
    public init(_ target: AbsoluteTarget) {
        host = target.host
        port = target.effectivePort
        requestTarget = target.originForm
    }

    /// `CONNECT host:port`.
    public init(connectHost host: String, port: Int) {
        self.host = host.lowercased()
        self.port = port
        requestTarget = ""
    }

    /// A URL a `Pass http://a/* http://b/*` rule produced. Bytes that cannot appear in a
    /// request-target (the translated path is decoded) are percent-encoded again. Nil when it is
    /// not a valid `http` URL (an `https:` result cannot be fetched: the proxy opens no TLS connections of its own).
    public init?(translated url: String) {
        let encoded = ProxyTarget.encodeUnsafeBytes(url)
        guard let target = try? RequestTarget(parsing: encoded, method: .get), case .absolute(let absolute) = target else {
            return nil
        }
        self.init(absolute)
    }

    /// A translated `https://host:port` for CONNECT; nil unless it is exactly that.
    public init?(translatedConnect url: String) {
        let prefix = "https://"
        guard url.lowercased().hasPrefix(prefix) else { return nil }
        let authority = String(url.dropFirst(prefix.count))
        guard let target = try? RequestTarget(parsing: authority, method: .connect),
              case .authority(let host, let port) = target else { return nil }
        self.init(connectHost: host, port: port)
    }

    /// Percent-encodes bytes outside the request-target's character set (RFC 3986 §2: controls,
    /// space, non-ASCII, `"<>\^`{|}` and `#`).
    static func encodeUnsafeBytes(_ text: String) -> String {
        let unsafe: Set<UInt8> = Set(" \"<>\\^`{|}#".utf8)
        guard text.utf8.contains(where: { $0 <= 0x20 || $0 >= 0x7f || unsafe.contains($0) }) else { return text }
        let hex = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count + 16)
        for byte in text.utf8 {
            if byte <= 0x20 || byte >= 0x7f || unsafe.contains(byte) {
                out += [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 0xf)]]
            } else {
                out.append(byte)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
