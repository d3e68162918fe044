/// What sits on a proxy relay and gives the bytes their meaning: an exchange (HTTP framing, head
/// rewriting, pooling) or a tunnel (raw bytes). The relay does the I/O and calls these on the
/// loop thread; each may queue bytes, connect, close or finish through the relay.
protocol ProxyRelayOwner: AnyObject {
    /// The most bytes to read from `side` now; 0 stops reading from it (the relay also stops
    /// once the direction from `side` is over).
    func readLimit(from side: ProxySide) -> Int
    /// `bytes` arrived from `side` (valid only during the call).
    func received(_ bytes: UnsafeRawBufferPointer, from side: ProxySide)
    /// `side` ended its stream, hung up or failed: nothing more comes from it.
    func ended(_ side: ProxySide)
    /// The connect asked for from the relay finished (the socket is registered on
    /// success; on failure nothing is open).
    func connected(_ result: Result<UpstreamConnector.Connected, ProxyFailure>)
    /// The relay's timer expired: a send stalled, or nothing happened for the idle timeout.
    func timedOut()
    /// Called after every event: finish when the work is done.
    func progressed()
}
