import CTLS

/// The calling thread's OpenSSL error queue. OpenSSL reports failures by pushing entries onto a
/// per-thread queue; every entry left there would be blamed on the next operation, on whatever
/// connection the thread serves next, so each operation clears it first and drains it after.
enum OpenSSLErrorQueue {
    /// The earliest queued error (the cause; later entries add context), and the queue's text.
    struct Entry {
        /// The packed error code (`ERR_GET_LIB` / `ERR_GET_REASON` unpack it).
        let code: UInt
        /// All queued errors as OpenSSL prints them, earliest first, joined by "; ".
        let text: String

        /// The reason part (`SSL_R_…`, `PEM_R_…`).
        var reason: Int32 { ERR_GET_REASON(code) }
        /// The library part (`ERR_LIB_SSL`, `ERR_LIB_PEM`, …).
        var library: Int32 { ERR_GET_LIB(code) }
    }

    /// Empties the queue before an operation whose outcome is read from it.
    @inline(__always)
    static func clear() { ERR_clear_error() }

    /// Takes every queued error, leaving the queue empty; `nil` when it was empty.
    static func drain() -> Entry? {
        let first = ERR_peek_error()
        guard first != 0 else { return nil }
        var parts: [String] = []
        while case let code = ERR_get_error(), code != 0 {
            parts.append(describe(code))
        }
        return Entry(code: first, text: parts.joined(separator: "; "))
    }

    /// `ERR_error_string_n`: "error:0A000102:SSL routines::unsupported protocol".
    static func describe(_ code: UInt) -> String {
        withUnsafeTemporaryAllocation(of: CChar.self, capacity: TLSLimits.errorTextBytes) { buffer in
            ERR_error_string_n(code, buffer.baseAddress, buffer.count)
            return String(cString: buffer.baseAddress!)
        }
    }
}
