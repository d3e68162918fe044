/// The outcome of a non-blocking system call that did not fail: it either completed with a value
/// or would have blocked (`EAGAIN`/`EWOULDBLOCK`), which is an expected state, not an error.
public enum IOResult<Value> {
    /// The call completed.
    case done(Value)
    /// The call would block; wait for readiness and retry.
    case wouldBlock
}

extension IOResult: Sendable where Value: Sendable {}
extension IOResult: Equatable where Value: Equatable {}
