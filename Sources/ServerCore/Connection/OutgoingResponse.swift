import HTTPWire
import Protection
import Transport

/// The bytes of the response being sent: the serialised head followed by an in-memory body, in
/// one buffer (so a small response leaves in one `write`), then what follows it — a range of an
/// open file (sent with `sendfile`), or the parts of a `multipart/byteranges` body in turn; or a
/// remembered answer's bytes as they are. Tracks how much has gone out; owns the file until
/// released. Keeps only a small summary of the plan for the log.
struct OutgoingResponse {
    /// What the driver sends next.
    enum Next {
        /// Bytes from `withUnsentBytes`.
        case bytes
        /// A range of a file.
        case file(FileDescriptor, offset: Int64, count: Int)
        /// Everything has been sent.
        case nothing
    }

    /// `HTTP/1.1 100 Continue` (RFC 9110 §15.2.1).
    static let continueBytes = Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)

    private var buffer: [UInt8] = []
    /// A remembered answer sent as it is (no copy into `buffer`).
    private var remembered: RememberedAnswer?
    /// Bytes of the current buffer (or remembered answer) sent.
    private var sentCount = 0
    /// Every byte sent, head included, and how many of them were the head.
    private var totalSent = 0
    private var headCount = 0
    /// The open file the body comes from, and the range of it being sent.
    private var file: FileDescriptor?
    private var range: (offset: Int64, remaining: Int)?
    /// Parts still to send, last first.
    private var parts: [ResponsePlan.Part] = []
    /// What the log records of the response.
    private(set) var summary = ResponseSummary(status: 0)
    /// Whether a response has been started and not reset.
    private(set) var isStarted = false
    /// Whether the bytes are an interim `100 Continue`, not a response.
    private(set) var isInterim = false

    /// Starts sending `plan`.
    mutating func start(_ plan: ResponsePlan) {
        reset()
        summary = ResponseSummary(plan)
        isStarted = true
        plan.head.serialise(into: &buffer)
        headCount = buffer.count
        switch plan.body {
        case .none: break
        case .bytes(let body): buffer.append(contentsOf: body)
        case .file(let fd, let offset, let length):
            file = fd
            range = (offset, length)
        case .parts(let pieces, let fd):
            file = fd
            parts = pieces.reversed()
        }
    }

    /// Starts sending a remembered answer.
    mutating func start(_ answer: RememberedAnswer) {
        reset()
        summary = answer.summary
        isStarted = true
        remembered = answer
        headCount = answer.headBytes
    }

    /// Starts sending interim bytes (no response is logged for them).
    mutating func startInterim(_ bytes: [UInt8]) {
        reset()
        buffer.append(contentsOf: bytes)
        isInterim = true
    }

    /// Sets who the log names.
    mutating func setClient(_ client: ClientAddress?) {
        summary.client = client
    }

    private var byteCount: Int { remembered?.wire.count ?? buffer.count }

    /// What to send next (moving on to the next part when one is done).
    mutating func next() -> Next {
        while true {
            if sentCount < byteCount { return .bytes }
            if let file, let range, range.remaining > 0 { return .file(file, offset: range.offset, count: range.remaining) }
            guard let part = parts.popLast() else { return .nothing }
            switch part {
            case .bytes(let bytes):
                buffer = bytes
                sentCount = 0
            case .file(let offset, let length):
                range = (offset, length)
            }
        }
    }

    /// Whether a file range follows the buffered bytes (so the head may be sent with `MSG_MORE`).
    var fileFollows: Bool { (range.map { $0.remaining > 0 } ?? false) || !parts.isEmpty }

    /// Calls `body` with the buffered bytes not yet sent.
    func withUnsentBytes<R>(_ body: (UnsafeRawBufferPointer) -> R) -> R {
        if let remembered { return remembered.wire.withUnsafeBytes { body(UnsafeRawBufferPointer(rebasing: $0[sentCount...])) } }
        return buffer.withUnsafeBytes { body(UnsafeRawBufferPointer(rebasing: $0[sentCount...])) }
    }

    /// `count` buffered bytes went out.
    mutating func wrote(_ count: Int) {
        let moved = min(byteCount - sentCount, count)
        sentCount += moved
        totalSent += moved
    }

    /// `count` bytes of the file went out.
    mutating func wroteFile(_ count: Int) {
        guard var r = range else { return }
        r.offset += Int64(count)
        r.remaining -= count
        range = r
        totalSent += count
    }

    /// Body bytes sent so far (the log's bytes field).
    var bodyBytesSent: Int { isInterim ? 0 : max(0, totalSent - headCount) }

    /// Forgets the response sent (releasing its file), keeping the buffer's storage when small.
    mutating func reset() {
        release()
        remembered = nil
        if buffer.capacity > 64 * 1024 { buffer = [] } else if !buffer.isEmpty { buffer.removeAll(keepingCapacity: true) }
        sentCount = 0
        totalSent = 0
        headCount = 0
        parts.removeAll()
        isStarted = false
        isInterim = false
    }

    /// Closes the file being sent, if any.
    mutating func release() {
        file?.closeIgnoringErrors()
        file = nil
        range = nil
    }
}
