import RequestPolicy

/// What the connection machine asks its driver to do next. The driver does the system calls and
/// reports back with the machine's events (`received`, `wrote`, `sent`, `verified`, …).
enum ConnectionAction {
    /// Wait for bytes from the client; `timer` says what to do with the connection's timer.
    case read(TimerChange)
    /// Bytes (and maybe a file range) are waiting to be sent: write them now, report progress
    /// with `wrote`/`wroteFile`, and call `sent` once `pendingSend` is `.nothing`. The send
    /// timeout is re-armed on every bit of progress.
    case write
    /// Hash this password off the loop, then report `verified`. Nothing to read or write meanwhile.
    case verify(PendingAnswer)
    /// The whole upload arrived: let the sink commit it off the loop, then report `uploadFinished`.
    case finishUpload(RequestBodySink)
    /// Give the socket, with the bytes read past this request, to the proxy.
    case handOff(ProxyJob, leftover: [UInt8])
    /// Close the connection.
    case close
}

/// How an action changes the connection's single timer.
enum TimerChange: Equatable {
    /// Leave it as it is (a head arriving in pieces keeps the deadline of its first byte).
    case keep
    /// (Re)arm it to fire after this many milliseconds.
    case arm(Int64)
}
