import HTTPWire
import Protection
import Transport

/// PUT and DELETE of documents the Gate allowed (publishing, reference cern §6: `PutMask`,
/// `DeleteMask`, ACL method lists). The router has already refused directories, protection files
/// and targets resolving outside the Pass tree; this type checks the framing and the
/// preconditions, then writes through a temporary file renamed over the target (PUT) or unlinks
/// the document (DELETE). It never creates directories.
struct PublishingResponder: Sendable {
    /// Builds the answers.
    let builder: ResponseBuilder
    /// The rule file's `MaxBodySize`.
    let maxBodyBytes: Int

    /// A PUT of `path` (`exists`: whether the router saw a document there; the commit looks again
    /// under the publishing lock) in `checkedDirectory`, the canonical directory the router
    /// checked. The decision has already checked the framing and the announced size; this opens
    /// the directory, checks the preconditions and creates the temporary file, so a client
    /// waiting on `Expect: 100-continue` never sends a body that would be thrown away.
    func put(_ path: String, checkedDirectory: String?, head: RequestHead, user: String?) -> ServiceReply {
        // A client waiting on 100-continue may or may not send its body after a final answer
        // (RFC 9110 §10.1.1), so the connection cannot know where the next request starts: close.
        let close = head.expectsContinue
        let framing = BodyFraming(head) ?? .length(0)
        let target: PublishingTarget
        do throws(PublishingFailure) {
            target = try PublishingTarget.open(path, checkedDirectory: checkedDirectory)
        } catch {
            return .respond(failure(error, head, path: path, user: user, close: close))
        }
        let temporary: (descriptor: FileDescriptor, name: String)
        do throws(PublishingFailure) {
            _ = try target.checkPreconditions(head)
            temporary = try target.makeTemporaryFile()
        } catch {
            target.close()
            return .respond(failure(error, head, path: path, user: user, close: close))
        }
        let answers = UploadAnswers(failure: { [self] in failure($0, head, path: path, user: user, close: true) },
                                    uploaded: { [self] in withDate(Publishing.currentDate()).uploaded($0, head, path: path, user: user) })
        let sink = PublishingSink(target: target, temporary: temporary, path: path, limit: maxBodyBytes, head: head, answers: answers)
        return .receiveBody(sink, framing: framing, user: user)
    }

    /// A DELETE of `path` in `checkedDirectory` (as for `put`): 204 once unlinked, 404 when there
    /// is no document (the Gate has already allowed the request, so this reveals nothing), 412
    /// when a precondition fails. Runs on the loop (unlink is quick); the directory fsync that
    /// makes it durable is queued.
    func delete(_ path: String, checkedDirectory: String?, head: RequestHead, user: String?) -> ResponsePlan {
        let target: PublishingTarget
        do throws(PublishingFailure) {
            target = try PublishingTarget.open(path, checkedDirectory: checkedDirectory)
        } catch {
            return failure(error, head, path: path, user: user)
        }
        let result = Publishing.commitLock.withLock { _ -> Result<Bool, PublishingFailure> in
            Result { () throws(PublishingFailure) -> Bool in
                // RFC 9110 §13.2.1: preconditions are ignored when the answer would be 404 anyway.
                guard try target.currentStatus() != nil else { return false }
                _ = try target.checkPreconditions(head)
                try target.remove()
                return true
            }
        }
        switch result {
        case .success(false):
            target.close()
            return builder.page(.notFound, detail: "The requested document does not exist.", user: user)
        case .success(true):
            Publishing.queue.async {
                try? target.sync()
                target.close()
            }
            return builder.empty(.noContent, user: user)
        case .failure(let failure):
            target.close()
            return self.failure(failure, head, path: path, user: user)
        }
    }

    /// The answer to a committed (or failed) upload: 201 with `Location` for a new document, 204
    /// for a replaced one, both with the new `ETag`.
    func uploaded(_ result: Result<PendingUpload.Outcome, PublishingFailure>, _ head: RequestHead, path: String, user: String?) -> ResponsePlan {
        switch result {
        case .success(.created(let etag)):
            let location = PublishingResponder.location(of: head)
            var plan = builder.page(.created, detail: "Created \(location).", fields: [HTTPField(name: "Location", value: location)], user: user)
            plan.head.etag = etag
            return plan
        case .success(.replaced(let etag)):
            var plan = builder.empty(.noContent, user: user)
            plan.head.etag = etag
            return plan
        case .failure(let failure):
            return self.failure(failure, head, path: path, user: user)
        }
    }

    /// The error page for `failure`; a failed system call also goes to the error log, with the
    /// file's path (which the client never sees).
    func failure(_ failure: PublishingFailure, _ head: RequestHead, path: String, user: String?, close: Bool = false) -> ResponsePlan {
        var plan = builder.page(failure.status, detail: failure.detail, close: close, user: user)
        if let cause = failure.cause {
            plan.errorNote = "\(head.method.rawValue) \(path): \(failure.status.code), \(cause)"
        }
        return plan
    }

    /// The same responder with a fresh `Date` (for answers built off the loop).
    func withDate(_ date: String) -> PublishingResponder {
        PublishingResponder(builder: builder.dated(date), maxBodyBytes: maxBodyBytes)
    }

    /// RFC 9110 §10.2.2 / §15.3.2: `Location` of a created document is the request's path as the
    /// client sent it (still percent-encoded), without the query.
    static func location(of head: RequestHead) -> String {
        let target = head.target
        return target.firstIndex(of: "?").map { String(target[..<$0]) } ?? target
    }
}
