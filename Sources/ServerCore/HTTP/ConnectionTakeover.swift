import Protection
import Transport

/// Something that takes over a client socket after the Gate allowed a request the static server
/// does not answer itself (a proxied request or a CONNECT tunnel). The connection unregisters the
/// socket without closing it and calls `take`; from then on the taker owns the socket, its loop
/// registration, its timers, and the open-connection count (it calls `release` when done).
protocol ConnectionTakeover: AnyObject {
    /// Owns `socket` from now on. `leftover` holds bytes read past the request head.
    func take(socket: Socket, client: ClientAddress, leftover: [UInt8], context: LoopContext)
}
