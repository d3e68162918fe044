/// One direction of a proxied connection, as `ProxyRelay` keeps it: the bytes read from the
/// source side waiting for the destination side, and whether either end of that path is over.
struct ProxyDirection {
    /// Bytes waiting for the destination.
    var buffer = ProxyBuffer()
    /// The source sent its end of stream, hung up or failed: nothing more is read from it for
    /// this direction.
    var sourceEnded = false
    /// The destination takes no more: it stopped reading or hung up, or the end was passed on
    /// to it (a half-close). What waited for it is dropped.
    var destinationClosed = false

    /// Nothing more will travel this way: the source ended and its bytes are delivered, or the
    /// destination is gone.
    var isDone: Bool { sourceEnded && buffer.isEmpty || destinationClosed }
    /// The destination went away while the source may still send: the path cannot be repaired.
    var isBroken: Bool { destinationClosed && !sourceEnded }

    /// The destination takes no more; drops what waited for it.
    mutating func closeDestination() {
        buffer.removeAll()
        destinationClosed = true
    }
}
