/// The result of a pure edit: the new file text and the one line that says what changed.
/// When `text` equals the original, nothing is written and `summary` says so.
struct TextEdit: Sendable, Equatable {
    /// The whole new file.
    let text: String
    /// What changed, e.g. `added user 'ann' (bcrypt)`.
    let summary: String
}
