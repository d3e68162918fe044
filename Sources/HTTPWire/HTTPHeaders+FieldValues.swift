extension HTTPHeaders {
    /// Calls `body` with the raw value bytes of every field named `name` (case-insensitive), in
    /// order, without copying or allocating: the way list-based fields (`Accept-Encoding`,
    /// `Forwarded`, `X-Forwarded-For`) are read as one combined list (RFC 9110 §5.3).
    func forEachValue(named name: StaticString, _ body: (UnsafeRawBufferPointer) -> Void) {
        let wanted = UnsafeRawBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount)
        storage.withUnsafeBytes { bytes in
            for span in spans
            where ASCII.equalsIgnoringCase(UnsafeRawBufferPointer(rebasing: bytes[span.nameStart..<span.nameEnd]), wanted) {
                body(UnsafeRawBufferPointer(rebasing: bytes[span.valueStart..<span.valueEnd]))
            }
        }
    }
}

extension HTTPHeaders {
    /// Calls `body` with the raw name and value bytes of every field in order, without copying
    /// or allocating; stops when `body` returns false.
    public func forEachField(_ body: (_ name: UnsafeRawBufferPointer, _ value: UnsafeRawBufferPointer) -> Bool) {
        storage.withUnsafeBytes { bytes in
            for span in spans {
                let name = UnsafeRawBufferPointer(rebasing: bytes[span.nameStart..<span.nameEnd])
                let value = UnsafeRawBufferPointer(rebasing: bytes[span.valueStart..<span.valueEnd])
                if !body(name, value) { return }
            }
        }
    }
}

extension HTTPHeaders {
    /// Whether field-name bytes equal `lowercaseLiteral`, ignoring ASCII case (field names are
    /// case-insensitive, RFC 9110 §5.1).
    public static func name(_ name: UnsafeRawBufferPointer, is lowercaseLiteral: StaticString) -> Bool {
        name.count == lowercaseLiteral.utf8CodeUnitCount && ASCII.equalsIgnoringCase(name, lowercaseLiteral)
    }

    /// Whether field-name bytes start with `lowercasePrefix`, ignoring ASCII case.
    public static func name(_ name: UnsafeRawBufferPointer, startsWith lowercasePrefix: StaticString) -> Bool {
        name.count >= lowercasePrefix.utf8CodeUnitCount
            && ASCII.equalsIgnoringCase(UnsafeRawBufferPointer(rebasing: name[..<lowercasePrefix.utf8CodeUnitCount]), lowercasePrefix)
    }
}
