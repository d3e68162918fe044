/// A failure of the test client or harness (not of an assertion), with what was seen.
struct WireError: Error, CustomStringConvertible {
    /// What went wrong.
    let description: String
    init(_ description: String) { self.description = description }
}
