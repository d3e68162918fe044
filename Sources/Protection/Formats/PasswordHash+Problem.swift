extension PasswordHash {
    /// What `gatehouse check` should say about this hash field, or nil when it is fine or
    /// deliberately locked (`*`, `!…`, `x`). Empty fields are reported because CERN 3.0A let
    /// them accept any password, and Gatehouse refuses them (reference §3).
    public var problem: String? {
        switch self {
        case .crypt, .des, .apr1, .sha1, .ssha: return nil
        case .unusable(let reason): return reason
        case .disabled(let reason): return reason.hasPrefix("empty") ? reason : nil
        }
    }
}
