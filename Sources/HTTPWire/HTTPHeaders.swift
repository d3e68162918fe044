/// The header fields of a request head, in order, stored as one backing byte array (the whole
/// head as received) plus the byte ranges of each name and value. Nothing is decoded into strings
/// until asked; lookups compare names case-insensitively without allocating.
public struct HTTPHeaders: Sendable {
    /// Where one field's name and value sit in ``storage`` (value already trimmed of OWS).
    struct FieldSpan: Sendable, Hashable {
        var nameStart: Int
        var nameEnd: Int
        var valueStart: Int
        var valueEnd: Int
    }

    /// The head's bytes (request line included); spans index into it.
    let storage: [UInt8]
    /// One span per field line, in order.
    let spans: [FieldSpan]

    /// Headers over a parsed head's bytes.
    init(storage: [UInt8], spans: [FieldSpan]) {
        self.storage = storage
        self.spans = spans
    }

    /// Headers built from fields, for tests and for code that synthesises a request.
    /// Names and values are stored as given; callers pass valid tokens.
    public init(_ fields: [HTTPField]) {
        var storage: [UInt8] = []
        var spans: [FieldSpan] = []
        spans.reserveCapacity(fields.count)
        for field in fields {
            let nameStart = storage.count
            storage.append(contentsOf: field.name.utf8)
            let nameEnd = storage.count
            storage.append(contentsOf: field.value.utf8)
            spans.append(FieldSpan(nameStart: nameStart, nameEnd: nameEnd, valueStart: nameEnd, valueEnd: storage.count))
        }
        self.init(storage: storage, spans: spans)
    }

    /// The number of field lines.
    public var count: Int { spans.count }

    /// Whether there are no fields.
    public var isEmpty: Bool { spans.isEmpty }

    /// The field at `index` (0 ..< count), decoded as UTF-8 (invalid bytes repaired).
    public subscript(index: Int) -> HTTPField {
        HTTPField(name: name(at: index), value: value(at: index))
    }

    /// The name of the field at `index`, as received.
    public func name(at index: Int) -> String {
        let span = spans[index]
        return string(span.nameStart, span.nameEnd)
    }

    /// The value of the field at `index`, without surrounding whitespace.
    public func value(at index: Int) -> String {
        let span = spans[index]
        return string(span.valueStart, span.valueEnd)
    }

    /// The value of the first field named `name` (case-insensitive), or nil.
    public subscript(name: String) -> String? {
        firstIndex(of: name).map(value(at:))
    }

    /// The value of the first field named `name` (case-insensitive), or nil.
    public func first(_ name: String) -> String? {
        self[name]
    }

    /// The values of every field named `name` (case-insensitive), in order.
    public func values(_ name: String) -> [String] {
        indices(of: name).map(value(at:))
    }

    /// All values of `name` joined with `", "`, as RFC 9110 §5.3 allows for list-based fields;
    /// nil when there is none.
    public func combinedValue(_ name: String) -> String? {
        let found = values(name)
        return found.isEmpty ? nil : found.joined(separator: ", ")
    }

    /// Whether a field named `name` (case-insensitive) is present.
    public func contains(_ name: String) -> Bool {
        firstIndex(of: name) != nil
    }

    /// The index of the first field named `name` (case-insensitive).
    public func firstIndex(of name: String) -> Int? {
        var name = name
        return name.withUTF8 { wanted in
            storage.withUnsafeBytes { bytes in
                spans.firstIndex { Self.nameMatches($0, in: bytes, UnsafeRawBufferPointer(wanted)) }
            }
        }
    }

    /// The indices of every field named `name` (case-insensitive).
    public func indices(of name: String) -> [Int] {
        var name = name
        return name.withUTF8 { wanted in
            storage.withUnsafeBytes { bytes in
                spans.indices.filter { Self.nameMatches(spans[$0], in: bytes, UnsafeRawBufferPointer(wanted)) }
            }
        }
    }

    /// Calls `body` with the raw bytes of the value at `index`, without copying.
    public func withValueBytes<Result>(at index: Int, _ body: (UnsafeRawBufferPointer) throws -> Result) rethrows -> Result {
        let span = spans[index]
        return try storage.withUnsafeBytes { try body(UnsafeRawBufferPointer(rebasing: $0[span.valueStart..<span.valueEnd])) }
    }

    private static func nameMatches(_ span: FieldSpan, in bytes: UnsafeRawBufferPointer, _ wanted: UnsafeRawBufferPointer) -> Bool {
        span.nameEnd - span.nameStart == wanted.count
            && ASCII.equalsIgnoringCase(UnsafeRawBufferPointer(rebasing: bytes[span.nameStart..<span.nameEnd]), wanted)
    }

    private func string(_ start: Int, _ end: Int) -> String {
        String(decoding: storage[start..<end], as: UTF8.self)
    }
}

extension HTTPHeaders: RandomAccessCollection {
    /// The first field's index, 0.
    public var startIndex: Int { 0 }
    /// One past the last field's index.
    public var endIndex: Int { spans.count }
}
