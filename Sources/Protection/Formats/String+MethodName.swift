extension String {
    /// The method name upper-cased (methods are compared case-insensitively in protection
    /// files); returns the string itself, without allocating, when it already is — the usual
    /// case on the request path.
    var methodName: String {
        utf8.contains(where: { $0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "z") }) ? uppercased() : self
    }
}
