import HTTPWire
import Transport

/// A complete upload in its temporary file, ready to replace the target: everything `commit`
/// needs off the loop, as a value.
struct PendingUpload: Sendable {
    /// What a successful commit did.
    enum Outcome: Sendable, Equatable {
        /// There was no document; now there is (201).
        case created(EntityTag)
        /// The document was replaced (204).
        case replaced(EntityTag)
    }

    /// The open temporary file (owned: `commit` closes it).
    let descriptor: FileDescriptor
    /// Its name in the target's directory, `.gatehouse-put-` and a random suffix.
    let temporaryName: String
    /// The document the upload replaces or creates (owned: `commit` closes its directory).
    let target: PublishingTarget
    /// The request (for its preconditions).
    let head: RequestHead

    /// Makes the upload durable and visible in one step: fsync the data, give it the old
    /// document's permission bits, re-check the preconditions, rename it over the target
    /// (rename(2) is atomic: a reader opens the old document or the new one, never a mix), then
    /// fsync the directory so the rename survives a crash. On any failure the temporary file is
    /// removed and the target is untouched. Blocking: call it off the loop.
    func commit() throws(PublishingFailure) -> Outcome {
        var open = true
        var renamed = false
        defer {
            if open { descriptor.closeIgnoringErrors() }
            if !renamed { target.discardTemporaryFile(temporaryName) }
            target.close()
        }
        do {
            try FileSystem.fsync(descriptor)
        } catch {
            throw PublishingFailure(error)
        }
        let outcome: Outcome = try Publishing.commitLock.withLock { _ throws(PublishingFailure) -> Outcome in
            // Again under the lock: another upload may have replaced the document meanwhile.
            let old = try target.checkPreconditions(head)
            let etag: EntityTag
            do throws(Errno) {
                try FileSystem.fchmod(descriptor, mode: old.map { $0.mode & Publishing.keptModeMask } ?? Publishing.newDocumentMode)
                etag = Publishing.entityTag(of: try FileSystem.fstat(descriptor))
                // Linux releases the descriptor even when close reports an error.
                open = false
                try descriptor.close()
            } catch {
                throw PublishingFailure(error)
            }
            try target.replace(with: temporaryName)
            renamed = true
            return old == nil ? .created(etag) : .replaced(etag)
        }
        try target.sync()
        return outcome
    }
}
