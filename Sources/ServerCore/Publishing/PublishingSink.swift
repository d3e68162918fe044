import HTTPWire
import Transport

/// Receives one PUT body into a temporary file beside the target, then commits it off the loop
/// (`PendingUpload`). Used on one loop only; `finish` hands a value to the publishing queue.
/// Whatever happens, the temporary file does not outlive the request.
final class PublishingSink: RequestBodySink {
    private enum State {
        /// Body bytes go to the temporary file.
        case receiving(FileDescriptor, path: String)
        /// Handed to `PendingUpload.commit` (which now owns the file), or dropped.
        case done
    }

    private var state: State
    private var received = 0
    private let limit: Int
    private let target: String
    private let head: RequestHead
    private let user: String?
    private let responder: PublishingResponder

    /// A sink writing into the already created temporary file `temporary` for `target`.
    init(temporary: (descriptor: FileDescriptor, path: String), target: String, limit: Int, head: RequestHead,
         user: String?, responder: PublishingResponder) {
        self.state = .receiving(temporary.descriptor, path: temporary.path)
        self.target = target
        self.limit = limit
        self.head = head
        self.user = user
        self.responder = responder
    }

    deinit {
        // A connection that neither finished nor aborted (it should not happen) leaks nothing.
        discard()
    }

    /// Appends body bytes; refuses a body growing past the limit (a chunked one) or a failed write.
    func write(_ bytes: UnsafeRawBufferPointer) -> ResponsePlan? {
        guard case .receiving(let fd, _) = state else { return nil }
        received += bytes.count
        guard received <= limit else {
            discard()
            return responder.failure(.tooLarge(limit: limit), head, path: target, user: user, close: true)
        }
        do {
            try FileSystem.writeAll(fd, bytes)
        } catch {
            discard()
            return responder.failure(PublishingFailure(error), head, path: target, user: user, close: true)
        }
        return nil
    }

    /// The body is complete: commit on the publishing queue, answer from there.
    func finish(_ done: @escaping @Sendable (ResponsePlan) -> Void) {
        guard case .receiving(let fd, let path) = state else { return }
        state = .done
        let upload = PendingUpload(descriptor: fd, temporaryPath: path, target: target, head: head)
        let responder = responder
        let head = head
        let user = user
        let target = target
        Publishing.queue.async {
            let result = Result { () throws(PublishingFailure) in try upload.commit() }
            done(responder.withDate(Publishing.currentDate()).uploaded(result, head, path: target, user: user))
        }
    }

    /// The client went away or sent a malformed body: the old document stays as it was.
    func abort() {
        discard()
    }

    /// Closes and removes the temporary file if this sink still owns it.
    private func discard() {
        guard case .receiving(let fd, let path) = state else { return }
        state = .done
        fd.closeIgnoringErrors()
        try? FileSystem.unlink(path)
    }
}
