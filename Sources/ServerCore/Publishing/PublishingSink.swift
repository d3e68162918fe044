import HTTPWire
import Transport

/// Receives one PUT body into a temporary file beside the target, then commits it off the loop
/// (`PendingUpload`). Used on one loop only; `finish` hands a value to the publishing queue.
/// Whatever happens, the temporary file does not outlive the request.
final class PublishingSink: RequestBodySink {
    private enum State {
        /// Body bytes go to the temporary file `name` in the target's directory.
        case receiving(FileDescriptor, name: String)
        /// Handed to `PendingUpload.commit` (which now owns the file), or dropped.
        case done
    }

    private var state: State
    private var received = 0
    private let limit: Int
    private let target: PublishingTarget
    /// The document's path (for the error log).
    private let path: String
    private let head: RequestHead
    private let answers: UploadAnswers

    /// A sink writing into the already created temporary file `temporary` beside `target` (at
    /// `path`); owns both until `finish` hands them on.
    init(target: PublishingTarget, temporary: (descriptor: FileDescriptor, name: String), path: String, limit: Int,
         head: RequestHead, answers: UploadAnswers) {
        self.state = .receiving(temporary.descriptor, name: temporary.name)
        self.target = target
        self.path = path
        self.limit = limit
        self.head = head
        self.answers = answers
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
            return answers.failure(.tooLarge(limit: limit))
        }
        do {
            try FileSystem.writeAll(fd, bytes)
        } catch {
            discard()
            return answers.failure(PublishingFailure(error))
        }
        return nil
    }

    /// The body is complete: commit on the publishing queue, answer from there.
    func finish(_ done: @escaping @Sendable (ResponsePlan) -> Void) {
        guard case .receiving(let fd, let name) = state else { return }
        state = .done
        let upload = PendingUpload(descriptor: fd, temporaryName: name, target: target, head: head)
        let answers = answers
        Publishing.queue.async {
            let result = Result { () throws(PublishingFailure) in try upload.commit() }
            done(answers.uploaded(result))
        }
    }

    /// The client went away or sent a malformed body: the old document stays as it was.
    func abort() {
        discard()
    }

    /// Closes and removes the temporary file, and releases the directory, if this sink still
    /// owns them.
    private func discard() {
        guard case .receiving(let fd, let name) = state else { return }
        state = .done
        fd.closeIgnoringErrors()
        target.discardTemporaryFile(name)
        target.close()
    }
}

/// How an upload's outcomes become responses, given by the responder that started it (the sink
/// knows nothing of status codes or pages).
struct UploadAnswers: Sendable {
    /// The body was refused half-way (too large, a failed write); the connection closes.
    let failure: @Sendable (PublishingFailure) -> ResponsePlan
    /// The commit finished (on the publishing queue).
    let uploaded: @Sendable (Result<PendingUpload.Outcome, PublishingFailure>) -> ResponsePlan
}
