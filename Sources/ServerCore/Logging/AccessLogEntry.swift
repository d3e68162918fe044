/// One access-log line in the Common Log Format (reference cern §10):
/// `host - authuser [date] "request line" status bytes`. The authuser is the user whose
/// password was verified in this request, or `-`. Passwords and Authorization values never
/// reach the log; control characters, `"` and `\` in the request line are escaped as `\xHH`.
public struct AccessLogEntry: Sendable {
    /// Client address.
    public var host: String
    /// Authenticated user, if any.
    public var user: String?
    /// Unix seconds of the request.
    public var time: Int64
    /// The request line as received (method, target, version).
    public var requestLine: String
    /// Status sent.
    public var status: Int
    /// Body bytes sent.
    public var bytes: Int
    /// Request body bytes received (uploads only); appended as `received=N` after the CLF fields.
    public var received: Int?

    /// Makes an entry.
    public init(host: String, user: String?, time: Int64, requestLine: String, status: Int, bytes: Int, received: Int? = nil) {
        self.received = received
        self.host = host
        self.user = user
        self.time = time
        self.requestLine = requestLine
        self.status = status
        self.bytes = bytes
    }

    /// The line, without a newline.
    public var line: String { line(date: CommonLogDate.format(time)) }

    /// The line with an already formatted date (the server caches it per second).
    func line(date: String) -> String {
        "\(host) - \(user.map(AccessLogEntry.escape) ?? "-") [\(date)] \"\(AccessLogEntry.escape(requestLine))\" \(status) \(bytes == 0 ? "-" : String(bytes))" + (received.map { " received=\($0)" } ?? "")
    }

    /// Escapes bytes below 0x20, 0x7f, `"` and `\` as `\xHH`; spaces in a user name too.
    static func escape(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 < 0x20 || $0 == 0x7f || $0 == 0x22 || $0 == 0x5c }) else { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count)
        let hex = Array("0123456789abcdef")
        for scalar in text.unicodeScalars {
            if scalar.value < 0x20 || scalar.value == 0x7f || scalar == "\"" || scalar == "\\" {
                out += "\\x"
                out.append(hex[Int(scalar.value >> 4)])
                out.append(hex[Int(scalar.value & 0xf)])
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
