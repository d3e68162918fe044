import HTTPWire

/// Where an allowed request body goes (a PUT): the connection reads the body, by
/// `Content-Length` or chunked, and hands it over in order; at the end `finish` produces the
/// response. `finish` may work off the loop (fsync, rename) and call `done` from any thread; the
/// connection hops back to its loop before sending.
protocol RequestBodySink: AnyObject {
    /// The next body bytes. Returning a plan stops reading and answers it (e.g. 507 disk full).
    func write(_ bytes: UnsafeRawBufferPointer) -> ResponsePlan?
    /// The whole body arrived.
    func finish(_ done: @escaping @Sendable (ResponsePlan) -> Void)
    /// The client went away, timed out or sent a malformed body: drop what was written.
    func abort()
}
