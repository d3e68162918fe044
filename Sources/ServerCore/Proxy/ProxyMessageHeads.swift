import RequestPolicy
import HTTPWire

/// The heads a forwarding proxy writes (RFC 9110 §7.6, RFC 9112 §3.2.2): the request to the origin
/// and the response to the client, each with the hop-by-hop fields removed and `Via` added.
/// Field values travel byte for byte; pure functions, so they are tested without sockets.
enum ProxyMessageHeads {
    /// Capacity reserved for a head (most fit; larger ones grow).
    static let typicalHeadBytes = 1024

    /// `METHOD /path?query HTTP/1.1` to the origin: `Host` from the target URL (replacing the
    /// client's), the client's end-to-end fields in order (`Authorization` included, untouched;
    /// `Proxy-Authorization` never), `Transfer-Encoding: chunked` when the body is chunked (it is
    /// passed on as received), `Via`, and `Connection: close` unless the upstream connection may be
    /// kept for another request (`keepAlive`, HTTP/1.1's default).
    static func upstreamRequest(_ head: RequestHead, target: ProxyTarget, keepAlive: Bool = false) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(ProxyMessageHeads.typicalHeadBytes)
        out += head.method.rawValue.utf8
        out.append(UInt8(ascii: " "))
        out += target.requestTarget.utf8
        out += " HTTP/1.1\r\nHost: ".utf8
        out += target.hostField.utf8
        out += "\r\n".utf8
        let options = HopByHopFields.connectionOptions(head.headers.values("Connection"))
        for index in head.headers.indices {
            let name = head.headers.name(at: index)
            let lowercased = name.lowercased()
            if lowercased == "host" || HopByHopFields.removes(lowercased, options: options) { continue }
            out += name.utf8
            out += ": ".utf8
            head.headers.withValueBytes(at: index) { out.append(contentsOf: $0) }
            out += "\r\n".utf8
        }
        if head.isChunked { out += "Transfer-Encoding: chunked\r\n".utf8 }
        out += "Via: \(protocolVersion(head.version)) \(ProxyLimits.viaPseudonym)\r\n".utf8
        out += (keepAlive ? "\r\n" : "Connection: close\r\n\r\n").utf8
        return out
    }

    /// The origin's response head for the client, in the client's HTTP version, with the origin's
    /// status code and reason phrase. `keepChunked`: the body is passed on still chunked (so
    /// `Transfer-Encoding: chunked` is written again); otherwise framing fields that no longer
    /// describe the body sent (`Transfer-Encoding`, and `Content-Length` beside it) are dropped.
    /// `Date` is added when the origin sent none (RFC 9110 §6.6.1).
    static func clientResponse(_ response: ParsedResponseHead, clientVersion: HTTPVersion, keepChunked: Bool,
                               connection: ResponseHead.Connection?, date: String) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(response.bytes.count + 96)
        out += (clientVersion == .http10 ? "HTTP/1.0 " : "HTTP/1.1 ").utf8
        out += String(response.status).utf8
        out.append(UInt8(ascii: " "))
        out += response.bytes[response.reason]
        out += "\r\n".utf8
        let names = response.fields.indices.map(response.lowercasedName(at:))
        let options = HopByHopFields.connectionOptions(response.values("connection"))
        let hadTransferEncoding = names.contains("transfer-encoding")
        var sawDate = false
        for (index, field) in response.fields.enumerated() {
            let name = names[index]
            if HopByHopFields.removes(name, options: options) { continue }
            // RFC 9112 §6.3 item 3: Content-Length beside Transfer-Encoding is removed downstream.
            if hadTransferEncoding && name == "content-length" { continue }
            if name == "date" { sawDate = true }
            out += response.bytes[field.name]
            out += ": ".utf8
            out += response.bytes[field.value]
            out += "\r\n".utf8
        }
        if keepChunked { out += "Transfer-Encoding: chunked\r\n".utf8 }
        if !sawDate { out += "Date: \(date)\r\n".utf8 }
        out += "Via: \(protocolVersion(response.version)) \(ProxyLimits.viaPseudonym)\r\n".utf8
        switch connection {
        case .close: out += "Connection: close\r\n".utf8
        case .keepAlive: out += "Connection: keep-alive\r\n".utf8
        case nil: break
        }
        out += "\r\n".utf8
        return out
    }

    /// An interim (1xx) response for an HTTP/1.1 client: the status line and the end-to-end fields.
    static func interimResponse(_ response: ParsedResponseHead) -> [UInt8] {
        var out: [UInt8] = Array("HTTP/1.1 \(response.status) ".utf8)
        out += response.bytes[response.reason]
        out += "\r\n".utf8
        let options = HopByHopFields.connectionOptions(response.values("connection"))
        for (index, field) in response.fields.enumerated() where !HopByHopFields.removes(response.lowercasedName(at: index), options: options) {
            out += response.bytes[field.name]
            out += ": ".utf8
            out += response.bytes[field.value]
            out += "\r\n".utf8
        }
        out += "\r\n".utf8
        return out
    }

    /// `1.0` or `1.1`, the received-protocol of `Via` (RFC 9110 §7.6.3).
    static func protocolVersion(_ version: HTTPVersion) -> String {
        switch version {
        case .http11: return "1.1"
        case .http10, .http09: return "1.0"
        }
    }
}
