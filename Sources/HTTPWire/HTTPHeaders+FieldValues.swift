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
