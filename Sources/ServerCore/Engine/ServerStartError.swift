/// Why the server could not start, as a message for standard error.
public struct ServerStartError: Error, Sendable, CustomStringConvertible {
    /// The message.
    public let description: String
    init(_ description: String) { self.description = description }
}
