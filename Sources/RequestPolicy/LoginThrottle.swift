import Protection

/// The failure throttle as the decision sees it: whether an address (trying a user name) must
/// wait before credentials are hashed, and the count of refused logins. The server's throttle
/// keeps windows shared by every loop; `explain` has none.
public protocol LoginThrottle {
    /// Seconds `address`, trying `user`, must wait before another password is checked; nil when
    /// it may try now.
    func retryAfter(address: ClientAddress, user: String?) -> Int?
    /// Counts one refused login from `address` for `user`.
    func recordFailure(address: ClientAddress, user: String?)
}

/// No throttling (`gatehouse explain`, tests).
public struct NoLoginThrottle: LoginThrottle {
    /// Makes one.
    public init() {}
    /// Never waits.
    public func retryAfter(address: ClientAddress, user: String?) -> Int? { nil }
    /// Counts nothing.
    public func recordFailure(address: ClientAddress, user: String?) {}
}
