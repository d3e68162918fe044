/// One header field as a name/value pair of strings: what iterating ``HTTPHeaders`` yields, and
/// the extra fields a ``ResponseHead`` writes.
public struct HTTPField: Sendable, Hashable {
    /// The field name as received or to be sent (compare case-insensitively).
    public var name: String
    /// The field value, without leading or trailing whitespace.
    public var value: String

    /// A field. Nothing is validated here: the response serialiser skips fields whose name is not
    /// a token and strips control bytes from values.
    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}
