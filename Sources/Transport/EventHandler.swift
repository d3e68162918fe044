/// What an `EventLoop` calls when a registered descriptor is ready. Implemented by the object
/// that owns the descriptor (a connection, an `Acceptor`); the loop keeps it alive while
/// registered and calls it only on the loop's thread.
///
/// A protocol constrained to classes, so a call is one witness-table jump with no allocation.
public protocol EventHandler: AnyObject {
    /// The descriptor is readable (it was registered with `.readable`). Level-triggered: read
    /// once or until `.wouldBlock`, as suits; leftover data is reported again next iteration.
    func readable()
    /// The descriptor is writable (it was registered with `.writable`). Drop `.writable` from
    /// the interest once nothing is left to write, or this is called on every iteration.
    func writable()
    /// `EPOLLERR` or `EPOLLHUP`: the connection failed or both directions are shut. Reported
    /// whatever the interest, instead of `readable`/`writable`; the handler must unregister
    /// (normally `unregisterAndClose`) or it is called again on every iteration.
    func hangup()
}
