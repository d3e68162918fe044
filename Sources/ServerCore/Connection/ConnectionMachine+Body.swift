import HTTPWire
import RequestPolicy

extension ConnectionMachine {
    /// Starts reading the body of an allowed upload, or the rest of a body dropped after its
    /// answer; what already sits in the buffer is consumed at once.
    mutating func startReadingBody() -> ConnectionAction {
        setState(.readingBody)
        bodyStarted = services.now
        bodyBytes = 0
        let buffered = takeInput()
        let rest = buffered.withUnsafeBytes { feedBody($0) }
        if case .closed = state { return .close }
        if let action = afterBody(rest: rest) { return action }
        return .read(.arm(bodyTimeout(afterReading: buffered.count)))
    }

    /// The slowest a body may arrive once `BodyTimeout` has passed: like Apache's
    /// `mod_reqtimeout` (`body=…,MinRate=…`), every `minimumBodyRate` bytes buy one more second,
    /// so an upload that keeps moving is never cut, and one trickling a byte every few seconds is.
    static var minimumBodyRate: Int64 { 1024 }

    /// Milliseconds until the body times out, after `count` more bytes: `BodyTimeout` since the
    /// last bytes, and no later than `BodyTimeout` plus a second per `minimumBodyRate` bytes since
    /// the body began.
    mutating func bodyTimeout(afterReading count: Int) -> Int64 {
        bodyBytes += count
        let limit = services.limits.bodyTimeout
        let earned = Int64(bodyBytes) * 1000 / Self.minimumBodyRate
        let overall = bodyStarted + limit + earned - services.now
        return max(0, min(limit, overall))
    }

    /// Feeds bytes to the body being read; returns the bytes past its end (the next request), or
    /// nil while the body goes on. A refusal by the sink, or a malformed body, queues the answer.
    mutating func feedBody(_ bytes: UnsafeRawBufferPointer) -> [UInt8]? {
        guard let reader = body else { return Array(bytes) }
        var refusal: ResponsePlan?
        var received = 0
        let sink = sink
        let progress = reader.value.consume(bytes) { piece in
            guard refusal == nil, let sink else { return }
            received += piece.count
            refusal = sink.write(piece)
        }
        if sink != nil, var request = current {
            request.received = (request.received ?? 0) + received
            current = request
        }
        if let refusal {
            abortBody()
            closeAfterResponse = true
            pendingAnswer = refusal
            return []
        }
        switch progress {
        case .more:
            return nil
        case .failed(let error):
            let uploading = sink != nil
            abortBody()
            closeAfterResponse = true
            if uploading { pendingAnswer = services.malformed(error, from: peer) } else { _ = close() }
            return []
        case .done(let consumed):
            body = nil
            return Array(bytes[consumed...])
        }
    }

    /// After a body chunk: queue the refusal, hand a complete upload to its sink, or go on to the
    /// next request once a dropped body ended. nil while the body goes on.
    mutating func afterBody(rest: [UInt8]?) -> ConnectionAction? {
        if let plan = pendingAnswer {
            pendingAnswer = nil
            return send(plan)
        }
        guard let rest else { return nil }
        if !rest.isEmpty { _ = rest.withUnsafeBytes { appendInput($0) } }
        if let target = sink {
            sink = nil
            setState(.finishingUpload)
            return .finishUpload(target)
        }
        setState(.idle)
        return processInput()
    }

    /// Drops the body in progress (and the upload's temporary file).
    mutating func abortBody() {
        body = nil
        sink?.abort()
        sink = nil
    }
}
