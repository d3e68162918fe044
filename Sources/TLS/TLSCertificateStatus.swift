/// Where a certificate stands at a given time, for `gatehouse check`.
public enum TLSCertificateStatus: Sendable, Hashable {
    /// Valid now and for longer than the warning window.
    case valid
    /// Valid now, but `notAfter` is within the warning window: renew it.
    case expiresSoon(secondsLeft: Int64)
    /// `notAfter` has passed: clients refuse it.
    case expired
    /// `notBefore` is still ahead: clients refuse it (or the clock is wrong).
    case notYetValid
}
