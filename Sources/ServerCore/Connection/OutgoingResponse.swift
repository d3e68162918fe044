import HTTPWire
import Protection
import Transport

/// The bytes of the response being sent: the serialised head followed by an in-memory body, in
/// one buffer (so a small response leaves in one `write`), then an optional range of an open
/// file (sent with `sendfile`); or a remembered answer's bytes as they are. Tracks how much has
/// gone out; owns the file until released. Keeps only a small summary of the plan for the log.
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
    private var sentCount = 0
    private var headCount = 0
    private var file: (fd: FileDescriptor, offset: Int64, remaining: Int, total: Int)?
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
        case .file(let fd, let offset, let length): file = (fd, offset, length, length)
        }
    }

    /// Starts sending a remembered answer, `client` being who the log names when it is not the peer.
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

    /// What to send next.
    var next: Next {
        if sentCount < byteCount { return .bytes }
        if let file, file.remaining > 0 { return .file(file.fd, offset: file.offset, count: file.remaining) }
        return .nothing
    }

    /// Whether a file range follows the buffered bytes (so the head may be sent with `MSG_MORE`).
    var fileFollows: Bool { file.map { $0.remaining > 0 } ?? false }

    /// Calls `body` with the buffered bytes not yet sent.
    func withUnsentBytes<R>(_ body: (UnsafeRawBufferPointer) -> R) -> R {
        if let remembered { return remembered.wire.withUnsafeBytes { body(UnsafeRawBufferPointer(rebasing: $0[sentCount...])) } }
        return buffer.withUnsafeBytes { body(UnsafeRawBufferPointer(rebasing: $0[sentCount...])) }
    }

    /// `count` buffered bytes went out.
    mutating func wrote(_ count: Int) {
        sentCount = min(byteCount, sentCount + count)
    }

    /// `count` bytes of the file went out.
    mutating func wroteFile(_ count: Int) {
        guard var f = file else { return }
        f.offset += Int64(count)
        f.remaining -= count
        file = f
    }

    /// Body bytes sent so far (the log's bytes field).
    var bodyBytesSent: Int {
        let fromBuffer = max(0, min(sentCount, byteCount) - headCount)
        let fromFile = file.map { $0.total - $0.remaining } ?? 0
        return isInterim ? 0 : fromBuffer + fromFile
    }

    /// Forgets the response sent (releasing its file), keeping the buffer's storage when small.
    mutating func reset() {
        release()
        remembered = nil
        if buffer.capacity > 64 * 1024 { buffer = [] } else if !buffer.isEmpty { buffer.removeAll(keepingCapacity: true) }
        sentCount = 0
        headCount = 0
        isStarted = false
        isInterim = false
    }

    /// Closes the file being sent, if any.
    mutating func release() {
        file?.fd.closeIgnoringErrors()
        file = nil
    }
}
