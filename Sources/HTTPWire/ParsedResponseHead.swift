/// An HTTP/1.x response head as an origin server sent it, checked by ``ResponseHeadParser``: the
/// head's bytes, kept so that names and values can be forwarded byte for byte, and where the
/// status line's parts and each field sit in them. Immutable.
public struct ParsedResponseHead: Sendable, Hashable {
    /// Where one field line's name and value (trimmed of OWS) sit in ``bytes``.
    public struct Field: Sendable, Hashable {
        /// The name's bytes (a token).
        public let name: Range<Int>
        /// The value's bytes (no control bytes but HTAB, no leading or trailing blanks).
        public let value: Range<Int>
    }

    /// The head's bytes, from the status line through the empty line that ends it.
    public let bytes: [UInt8]
    /// `.http10` or `.http11`.
    public let version: HTTPVersion
    /// The status code, 100…999.
    public let status: Int
    /// Where the reason phrase sits in ``bytes`` (possibly empty).
    public let reason: Range<Int>
    /// The field lines, in order.
    public let fields: [Field]

    /// A head assembled by ``ResponseHeadParser``.
    init(bytes: [UInt8], version: HTTPVersion, status: Int, reason: Range<Int>, fields: [Field]) {
        self.bytes = bytes
        self.version = version
        self.status = status
        self.reason = reason
        self.fields = fields
    }

    /// Whether this is an interim (1xx) response, which another head follows (RFC 9110 §15.2).
    public var isInterim: Bool { (100..<200).contains(status) }

    /// The name of field `index`, lower-cased (names are ASCII tokens).
    public func lowercasedName(at index: Int) -> String {
        String(decoding: bytes[fields[index].name].lazy.map(ASCII.lowercased), as: UTF8.self)
    }

    /// The value of field `index` (UTF-8 decoded with repair; forward ``bytes`` for exactness).
    public func value(at index: Int) -> String {
        String(decoding: bytes[fields[index].value], as: UTF8.self)
    }

    /// The values of every field named `lowercasedName`, in order.
    public func values(_ lowercasedName: String) -> [String] {
        fields.indices.filter { isNamed(lowercasedName, at: $0) }.map(value(at:))
    }

    /// Whether field `index` is named `lowercasedName` (compared without allocating).
    func isNamed(_ lowercasedName: String, at index: Int) -> Bool {
        let name = bytes[fields[index].name]
        guard name.count == lowercasedName.utf8.count else { return false }
        return zip(name, lowercasedName.utf8).allSatisfy { ASCII.lowercased($0) == $1 }
    }
}
