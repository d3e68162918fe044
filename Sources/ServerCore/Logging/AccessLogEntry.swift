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
    /// The request line's bytes, when the server has them at hand (preferred over `requestLine`).
    var requestLineBytes: [UInt8]? = nil
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
        var bytes: [UInt8] = []
        append(into: &bytes, date: date)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends the line (without a newline) to a log buffer, with no intermediate strings: the
    /// access log is written on every request.
    func append(into out: inout [UInt8], date: String) {
        out.append(contentsOf: host.utf8)
        out.append(contentsOf: " - ".utf8)
        if let user { AccessLogEntry.appendEscaped(Array(user.utf8), into: &out) } else { out.append(UInt8(ascii: "-")) }
        out.append(contentsOf: " [".utf8)
        out.append(contentsOf: date.utf8)
        out.append(contentsOf: "] \"".utf8)
        if let bytes = requestLineBytes {
            AccessLogEntry.appendEscaped(bytes, into: &out)
        } else {
            AccessLogEntry.appendEscaped(Array(requestLine.utf8), into: &out)
        }
        out.append(contentsOf: "\" ".utf8)
        AccessLogEntry.appendDecimal(status, into: &out)
        out.append(UInt8(ascii: " "))
        if bytes == 0 { out.append(UInt8(ascii: "-")) } else { AccessLogEntry.appendDecimal(bytes, into: &out) }
        if let received {
            out.append(contentsOf: " received=".utf8)
            AccessLogEntry.appendDecimal(received, into: &out)
        }
    }

    static func appendDecimal(_ value: Int, into out: inout [UInt8]) {
        if value < 0 {
            out.append(UInt8(ascii: "-"))
            appendDecimal(-value, into: &out)
            return
        }
        if value < 10 {
            out.append(UInt8(ascii: "0") + UInt8(value))
            return
        }
        // Digits into a small stack buffer, most significant first.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
            var n = value
            var count = 0
            while n > 0 {
                digits[19 - count] = UInt8(ascii: "0") + UInt8(n % 10)
                n /= 10
                count += 1
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: digits[(20 - count)...]))
        }
    }

    /// Appends `text`, escaping bytes below 0x20, 0x7f, `"` and `\` as `\xHH`.
    static func appendEscaped(_ bytes: some Sequence<UInt8>, into out: inout [UInt8]) {
        for byte in bytes { appendEscaped(byte, into: &out) }
    }

    /// Appends raw bytes, escaped as `appendEscaped` does; bytes needing no escape (the usual
    /// case) are copied in one go.
    static func appendEscaped(_ bytes: UnsafeRawBufferPointer, into out: inout [UInt8]) {
        if !bytes.contains(where: needsEscape) {
            out.append(contentsOf: bytes)
            return
        }
        for byte in bytes { appendEscaped(byte, into: &out) }
    }

    @inline(__always)
    private static func needsEscape(_ byte: UInt8) -> Bool {
        byte < 0x20 || byte == 0x7f || byte == 0x22 || byte == 0x5c
    }

    @inline(__always)
    private static func appendEscaped(_ byte: UInt8, into out: inout [UInt8]) {
        guard needsEscape(byte) else {
            out.append(byte)
            return
        }
        let hex: StaticString = "0123456789abcdef"
        hex.withUTF8Buffer { digits in
            out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "x"), digits[Int(byte >> 4)], digits[Int(byte & 0xf)]])
        }
    }
}
