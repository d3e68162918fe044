import Protection

/// The three kinds of file the tools edit, each checked with the server's own parser before
/// and after every edit: a file the server would reject is never written, and an invalid
/// original is not edited (its first error is reported as `path:line: message`).
enum FileFormat: Sendable, Hashable {
    /// A password file (gatehouse-semantics §3).
    case password
    /// A group file (§4).
    case group
    /// A `.www_acl` file (§5).
    case acl

    /// Parses `text` with the Protection parser for this format, turning its errors into a
    /// one-line failure. `path` is the name shown in the message.
    func validate(_ text: String, path: String) throws(AdminFailure) {
        do {
            switch self {
            case .password: _ = try PasswordFile.parse(text, path: path)
            case .group: _ = try GroupFile.parse(text, path: path)
            case .acl: _ = try ACLFile.parse(text, path: path)
            }
        } catch {
            throw .failed(Self.oneLine(error))
        }
    }

    /// The first error of a parse failure, with a count of the others.
    static func oneLine(_ error: ProtectionFileError) -> String {
        guard let first = error.diagnostics.first else { return "invalid file" }
        let more = error.diagnostics.count - 1
        return more > 0 ? "\(first) (and \(more) more error\(more == 1 ? "" : "s"))" : first.description
    }
}
