import Transport

/// The relay's event handling and transfers: readiness and hang-ups from the endpoints, reads
/// and flushes, the interest that follows, the timer.
extension ProxyRelay {
    /// `side` is readable.
    func readable(_ side: ProxySide) { ready(side, for: .readable) }

    /// `side` is writable.
    func writable(_ side: ProxySide) { ready(side, for: .writable) }

    /// Retries whichever operation waited for `readiness`: a TLS stream may wait for
    /// readability to write, or for writability to read; a socket waits for the obvious one.
    private func ready(_ side: ProxySide, for readiness: Interest) {
        guard !isFinished else { return }
        let waits = side == .client ? (read: clientReadWaits, write: clientWriteWaits) : (read: Interest.readable, write: Interest.writable)
        if waits.write.contains(readiness) { flush(towards: side) }
        if waits.read.contains(readiness) { read(from: side) }
        settle()
    }

    /// `side` failed, or both its directions are shut: read what it still holds, then stop
    /// watching it (level-triggered hang-ups repeat otherwise) and end both directions through it.
    func hangup(_ side: ProxySide) {
        guard !isFinished else { return }
        for _ in 0..<ProxyRelay.maxReadsOnHangup {
            guard read(from: side) else { break }
        }
        if !isFinished && isAttached(side) { detach(side) }
        settle()
    }

    /// Unregisters `side` (its descriptor stays open until the teardown): nothing more is read
    /// from it or delivered to it.
    private func detach(_ side: ProxySide) {
        switch side {
        case .client:
            try? loop.unregister(client.descriptor)
            clientRegistered = false
        case .upstream:
            if let upstream { try? loop.unregister(upstream.descriptor) }
            upstreamRegistered = false
        }
        let wasEnded = direction(from: side).sourceEnded
        withDirection(towards: side.other) { $0.sourceEnded = true }
        withDirection(towards: side) { direction in
            direction.closeDestination()
            direction.sourceEnded = true
        }
        if !wasEnded { owner?.ended(side) }
    }

    /// After acting on an event: lets the owner finish, reads what the client's stream holds
    /// decrypted while the owner wants it, then watches what can make progress. Each pass reads
    /// at least one buffered byte, and a stream holds at most one TLS record, so this ends.
    func settle() {
        while !isFinished, let owner {
            owner.progressed()
            guard !isFinished else { return }
            // With neither side registered nothing can move, and nothing would keep the owner
            // alive: close rather than leak the stream and its place in the count.
            guard clientRegistered || upstreamRegistered else {
                close()
                return
            }
            if client.hasBufferedInput && read(from: .client) { continue }
            if watch(owner) { return }
        }
    }

    // MARK: - Transfers

    /// Reads once from `side`, as far as the owner and the direction allow, and writes what it
    /// gave on; true when bytes arrived.
    @discardableResult
    private func read(from side: ProxySide) -> Bool {
        guard let owner, wantsRead(from: side, owner) else { return false }
        let buffer = loop.readBuffer
        let into = UnsafeMutableRawBufferPointer(rebasing: buffer[..<min(buffer.count, owner.readLimit(from: side))])
        let result: StreamResult
        switch side {
        case .client:
            result = client.read(into: into)
        case .upstream:
            result = Self.streamResult((try? upstream?.read(into: into)) ?? .peerClosed, waiting: .readable)
        }
        switch result {
        case .wouldBlock(let interest):
            if side == .client { clientReadWaits = interest }
            return false
        case .closed:
            withDirection(towards: side.other) { $0.sourceEnded = true }
            owner.ended(side)
            flush(towards: side.other)
            return false
        case .bytes(let n):
            if side == .client { clientReadWaits = .readable }
            owner.received(UnsafeRawBufferPointer(rebasing: buffer[..<n]), from: side)
            arm()
            flush(towards: side.other)
            return true
        }
    }

    /// Whether to read from `side` now: it is registered, its direction is open at both ends,
    /// and the owner wants bytes.
    private func wantsRead(from side: ProxySide, _ owner: any ProxyRelayOwner) -> Bool {
        let direction = direction(from: side)
        return !isFinished && isAttached(side) && !direction.sourceEnded && !direction.destinationClosed && owner.readLimit(from: side) > 0
    }

    /// Whether bytes wait for `side`.
    private func wantsWrite(towards side: ProxySide) -> Bool {
        let direction = side == .client ? toClient : toUpstream
        return !direction.buffer.isEmpty && !direction.destinationClosed
    }

    /// Writes what waits for `side`; once its source ended and everything is delivered, passes
    /// the end on (when `passesEnds`).
    func flush(towards side: ProxySide) {
        guard !isFinished, isAttached(side) else { return }
        var written = 0
        if wantsWrite(towards: side) {
            let outcome = withDirection(towards: side) { direction in
                switch side {
                case .client:
                    direction.buffer.write { client.write($0, more: false) }
                case .upstream:
                    direction.buffer.write { Self.streamResult((try? upstream?.write($0)) ?? .peerClosed, waiting: .writable) }
                }
            }
            switch outcome {
            case .drained(let n):
                written = n
                if side == .client { clientWriteWaits = .writable }
            case .blocked(let n, let interest):
                written = n
                if side == .client { clientWriteWaits = interest }
            case .closed:
                // The destination stopped reading (it may still send, e.g. an origin's 413).
                withDirection(towards: side) { $0.closeDestination() }
            }
        }
        let passEnd = withDirection(towards: side) { direction in
            guard passesEnds, direction.sourceEnded, direction.buffer.isEmpty, !direction.destinationClosed else { return false }
            direction.destinationClosed = true
            return true
        }
        if passEnd {
            switch side {
            case .client: client.shutdownWrite()
            case .upstream: try? upstream?.shutdown(.write)
            }
        }
        if written > 0 { arm() }
    }

    /// Sets each registered side's interest from what can make progress (the loop makes a system
    /// call only when it changes); false when a side failed and was detached, so the owner must
    /// look again.
    private func watch(_ owner: any ProxyRelayOwner) -> Bool {
        if clientRegistered {
            var wanted: Interest = []
            if wantsRead(from: .client, owner) { wanted.formUnion(clientReadWaits) }
            if wantsWrite(towards: .client) { wanted.formUnion(clientWriteWaits) }
            do {
                try loop.setInterest(wanted, for: client.descriptor)
            } catch {
                detach(.client)
                return false
            }
        }
        if let upstream, upstreamRegistered {
            var wanted: Interest = []
            if wantsRead(from: .upstream, owner) { wanted.insert(.readable) }
            if wantsWrite(towards: .upstream) { wanted.insert(.writable) }
            do {
                try loop.setInterest(wanted, for: upstream.descriptor)
            } catch {
                detach(.upstream)
                return false
            }
        }
        return true
    }

    /// Restarts the timer: a stalled send (`sendTimeout`, 30 s by default) while bytes wait for a
    /// side, else `idleTimeout`.
    func arm() {
        guard !isFinished else { return }
        let sending = clientRegistered && wantsWrite(towards: .client) || upstreamRegistered && wantsWrite(towards: .upstream)
        let milliseconds = sending ? context.limits.sendTimeout : idleTimeout
        if let timer, loop.reschedule(timer, after: milliseconds) { return }
        timer = loop.schedule(after: milliseconds) { [self] in
            timer = nil
            guard !isFinished, let owner else { return }
            owner.timedOut()
            settle()
        }
    }

    /// A socket transfer as a stream result.
    private static func streamResult(_ transfer: Transfer, waiting interest: Interest) -> StreamResult {
        switch transfer {
        case .bytes(let n): .bytes(n)
        case .wouldBlock: .wouldBlock(interest)
        case .peerClosed: .closed
        }
    }
}
