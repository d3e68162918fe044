extension EventLoop {
    /// Runs `action` on the loop once `milliseconds` have passed (measured from `now`). Timers
    /// fire in deadline order, equal deadlines in scheduling order, after the iteration's events.
    ///
    /// A closure that captures just one object (`{ connection.idleTimedOut() }`) is stored with
    /// no allocation; the loop holds it (and so the object) until it fires or is cancelled.
    @discardableResult
    public func schedule(after milliseconds: Int64, _ action: @escaping () -> Void) -> TimerID {
        assertOwned()
        return timers.schedule(deadline: now + max(milliseconds, 0), action: action)
    }

    /// Cancels a pending timer; false if it already fired or was cancelled.
    @discardableResult
    public func cancel(_ timer: TimerID) -> Bool {
        assertOwned()
        return timers.cancel(timer)
    }

    /// Moves a pending timer to `milliseconds` from `now`, keeping its action (cheaper than cancel
    /// plus schedule: no closure churn). False if it already fired or was cancelled.
    @discardableResult
    public func reschedule(_ timer: TimerID, after milliseconds: Int64) -> Bool {
        assertOwned()
        return timers.reschedule(timer, deadline: now + max(milliseconds, 0))
    }

    /// Timers pending on this loop.
    public var pendingTimerCount: Int { timers.count }

    /// Runs every timer due at `now` that was scheduled before this pass began, so a timer that
    /// schedules another with delay 0 cannot starve the loop.
    func fireDueTimers() {
        let limit = timers.nextSequence
        while let action = timers.popDue(now: now, sequenceLimit: limit) {
            action()
        }
    }
}
