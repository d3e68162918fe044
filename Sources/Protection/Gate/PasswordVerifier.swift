/// Checks a user's password against a password file. The Gate asks through this protocol so the
/// server can answer from a cache of verified credentials and hash misses off its loop threads.
public protocol PasswordVerifier: Sendable {
    /// Whether `password` is right for `user` in `file`; `.pending` when the answer needs hashing
    /// that the caller will do elsewhere (the Gate then asks to be run again).
    func verify(user: String, password: [UInt8], in file: PasswordFile) -> PasswordCheck

    /// The user whose credentials `header` (an `Authorization` value, byte for byte) carried when
    /// that exact value last verified against `file` (this generation of it), if remembered: a
    /// repeat request then skips decoding and checking. nil by default.
    func rememberedUser(forHeader header: String, in file: PasswordFile) -> String?

    /// Told after `header` verified as `user` against `file`. Does nothing by default.
    func remember(header: String, verifiedAs user: String, in file: PasswordFile)
}

extension PasswordVerifier {
    public func rememberedUser(forHeader header: String, in file: PasswordFile) -> String? { nil }
    public func remember(header: String, verifiedAs user: String, in file: PasswordFile) {}
}

/// A verifier's answer.
public enum PasswordCheck: Sendable, Hashable {
    /// The password is right.
    case valid
    /// Refused; the reason is for the trace (never contains the password).
    case invalid(reason: String)
    /// Not known yet: hashing is needed.
    case pending
}

/// Verifies by hashing, synchronously: for `explain`, tests and the server's worker pool.
/// Unknown and disabled users are checked against the file's costliest hash (`timingReference`),
/// so a refusal takes the time of a wrong password and does not
/// reveal whether a user exists.
public struct HashingVerifier: PasswordVerifier {
    /// Makes a verifier.
    public init() {}

    /// Hashes and compares.
    public func verify(user: String, password: [UInt8], in file: PasswordFile) -> PasswordCheck {
        guard let entry = file.entry(for: user) else {
            _ = file.timingReference.verify(password)
            return .invalid(reason: "no user '\(user)' in \(file.path)")
        }
        // A disabled or unusable hash never verifies, and costs what the file's costliest hash does.
        guard entry.hash.isUsable else {
            _ = file.timingReference.verify(password)
            return .invalid(reason: "user '\(user)' is disabled (\(file.path):\(entry.line))")
        }
        return entry.hash.verify(password) ? .valid : .invalid(reason: "wrong password for '\(user)'")
    }
}
