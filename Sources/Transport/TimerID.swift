/// Names a timer scheduled on an `EventLoop`, for `cancel` and `reschedule`. Stale ids (the timer
/// already fired or was cancelled) are recognised by their generation and ignored.
public struct TimerID: Sendable, Hashable {
    /// Slot in the loop's timer table.
    let slot: UInt32
    /// The slot's generation when the timer was scheduled.
    let generation: UInt32
}
