import Protection

/// The failure throttle as the decision sees it: two questions, asked only about credentials a
/// request carried. Before a password is hashed, may it be (and on what terms); and when the
/// verifier already knew the credentials were wrong, may the refusal be answered (counting it).
/// The decision stays pure: the server's throttle keeps the counts, shared by every loop, and the
/// hashing queues live beside the verifier; `explain` has no throttle.
public protocol LoginThrottle {
    /// Before `pending`'s password is hashed for a request from `address`: `.hash` with the
    /// ticket the verifier hands back when the hash is done, or `.wait` (429 with `Retry-After`)
    /// without hashing. An admitted attempt counts as a failure from the moment it is queued;
    /// the count is withdrawn if the password verifies.
    func admit(_ pending: RoutePending, from address: ClientAddress) -> LoginAdmission
    /// Credentials the verifier already knew to be wrong, from `address` for `user`: the seconds
    /// to wait when the address is over its limit (429), else nil once the failure is counted.
    func refuse(address: ClientAddress, user: String?) -> Int?
}

/// No throttling (`gatehouse explain`, tests).
public struct NoLoginThrottle: LoginThrottle {
    /// Makes one.
    public init() {}
    /// Always hashes, counting nothing.
    public func admit(_ pending: RoutePending, from address: ClientAddress) -> LoginAdmission { .hash(.uncounted) }
    /// Never waits; counts nothing.
    public func refuse(address: ClientAddress, user: String?) -> Int? { nil }
}
