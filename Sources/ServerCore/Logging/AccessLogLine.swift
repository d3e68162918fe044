import HTTPWire
import Protection

/// Writes one access-log line for a finished response in the `LogFormat` in force, into a log
/// buffer without intermediate strings:
/// - `common`: `host - authuser [date] "request line" status bytes` (CERN's, with the user whose
///   password verified; `received=N` follows for uploads);
/// - `combined`: common plus `"referer" "user agent"` (Apache's and nginx's);
/// - `json`: one object per line with `time` (RFC 3339), `remote`, `user`, `method`, `target`,
///   `protocol`, `status`, `bytes`, `received`, `referer`, `user_agent`, `duration_us` and
///   `gate_step` (the procedure's deciding step).
/// Passwords and credential headers never reach the log; control bytes, `"` and `\` in request
/// data are escaped.
enum AccessLogLine {
    /// Appends the line for `record` (no newline).
    static func append(_ record: AccessRecord, format: ServerSettings.LogFormat, clock: borrowing LogClock, client: String,
                       durationMicroseconds: Int64, into out: inout [UInt8]) {
        let status = record.response.status
        switch format {
        case .common, .combined:
            // host - authuser [date] "request line" status bytes
            out.append(contentsOf: client.utf8)
            out.append(contentsOf: " - ".utf8)
            if let user = record.user { AccessLogEntry.appendEscaped(user.utf8, into: &out) } else { out.append(UInt8(ascii: "-")) }
            out.append(contentsOf: " [".utf8)
            out.append(contentsOf: clock.common.utf8)
            out.append(contentsOf: "] \"".utf8)
            appendRequestLine(record.head, into: &out)
            out.append(contentsOf: "\" ".utf8)
            AccessLogEntry.appendDecimal(status, into: &out)
            out.append(UInt8(ascii: " "))
            if record.bodyBytes == 0 { out.append(UInt8(ascii: "-")) } else { AccessLogEntry.appendDecimal(record.bodyBytes, into: &out) }
            if let received = record.received {
                out.append(contentsOf: " received=".utf8)
                AccessLogEntry.appendDecimal(received, into: &out)
            }
            if format == .combined {
                out.append(contentsOf: " \"".utf8)
                appendField(record.head, "Referer", into: &out, escape: AccessLogEntry.appendEscaped)
                out.append(contentsOf: "\" \"".utf8)
                appendField(record.head, "User-Agent", into: &out, escape: AccessLogEntry.appendEscaped)
                out.append(UInt8(ascii: "\""))
            }
        case .json:
            out.append(contentsOf: "{\"time\":\"".utf8)
            out.append(contentsOf: clock.rfc3339.utf8)
            out.append(contentsOf: "\",\"remote\":".utf8)
            JSONText.appendString(client.utf8, into: &out)
            out.append(contentsOf: ",\"user\":".utf8)
            if let user = record.user { JSONText.appendString(user.utf8, into: &out) } else { out.append(contentsOf: "null".utf8) }
            if let head = record.head {
                out.append(contentsOf: ",\"method\":".utf8)
                JSONText.appendString(head.method.rawValue.utf8, into: &out)
                out.append(contentsOf: ",\"target\":".utf8)
                JSONText.appendString(head.targetBytes, into: &out)
                out.append(contentsOf: ",\"protocol\":".utf8)
                JSONText.appendString(head.version.description.utf8, into: &out)
            }
            out.append(contentsOf: ",\"status\":".utf8)
            AccessLogEntry.appendDecimal(status, into: &out)
            out.append(contentsOf: ",\"bytes\":".utf8)
            AccessLogEntry.appendDecimal(record.bodyBytes, into: &out)
            if let received = record.received {
                out.append(contentsOf: ",\"received\":".utf8)
                AccessLogEntry.appendDecimal(received, into: &out)
            }
            out.append(contentsOf: ",\"referer\":".utf8)
            appendJSONField(record.head, "Referer", into: &out)
            out.append(contentsOf: ",\"user_agent\":".utf8)
            appendJSONField(record.head, "User-Agent", into: &out)
            out.append(contentsOf: ",\"duration_us\":".utf8)
            AccessLogEntry.appendDecimal(Int(max(0, durationMicroseconds)), into: &out)
            out.append(contentsOf: ",\"gate_step\":".utf8)
            if let step = record.response.decidingStep { JSONText.appendString(step.utf8, into: &out) } else { out.append(contentsOf: "null".utf8) }
            out.append(UInt8(ascii: "}"))
        }
    }

    /// Method, target and version as received (`-` for a request that could not be parsed).
    private static func appendRequestLine(_ head: RequestHead?, into out: inout [UInt8]) {
        guard let head else {
            out.append(UInt8(ascii: "-"))
            return
        }
        out.append(contentsOf: head.method.rawValue.utf8)
        out.append(UInt8(ascii: " "))
        head.targetBytes.withUnsafeBytes { AccessLogEntry.appendEscaped($0, into: &out) }
        switch head.version {
        case .http09: break
        case .http10: out.append(contentsOf: " HTTP/1.0".utf8)
        case .http11: out.append(contentsOf: " HTTP/1.1".utf8)
        }
    }

    /// A request field's value for the combined format (`-` when absent).
    private static func appendField(_ head: RequestHead?, _ name: String, into out: inout [UInt8],
                                    escape: ([UInt8], inout [UInt8]) -> Void) {
        guard let head, let index = head.headers.firstIndex(of: name) else {
            out.append(UInt8(ascii: "-"))
            return
        }
        head.headers.withValueBytes(at: index) { escape(Array($0), &out) }
    }

    private static func appendJSONField(_ head: RequestHead?, _ name: String, into out: inout [UInt8]) {
        guard let head, let index = head.headers.firstIndex(of: name) else {
            out.append(contentsOf: "null".utf8)
            return
        }
        head.headers.withValueBytes(at: index) { JSONText.appendString($0, into: &out) }
    }
}

/// JSON string encoding of bytes (RFC 8259 §7): `"`, `\` and control characters escaped, UTF-8
/// passed through, and bytes that are not valid UTF-8 written as U+FFFD, so every line is valid
/// JSON whatever a client sent.
enum JSONText {
    /// Appends `bytes` as a JSON string literal.
    static func appendString<Bytes: Sequence<UInt8>>(_ bytes: Bytes, into out: inout [UInt8]) {
        let hex = Array("0123456789abcdef".utf8)
        out.append(UInt8(ascii: "\""))
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        decoding: while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar):
                let value = scalar.value
                if value == 0x22 {
                    out.append(contentsOf: "\\\"".utf8)
                } else if value == 0x5c {
                    out.append(contentsOf: "\\\\".utf8)
                } else if value < 0x20 || value == 0x7f {
                    out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"),
                                            hex[Int(value >> 4)], hex[Int(value & 0xf)]])
                } else {
                    UTF8.encode(scalar) { out.append($0) }
                }
            case .error:
                out.append(contentsOf: [0xEF, 0xBF, 0xBD])
            case .emptyInput:
                break decoding
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}
