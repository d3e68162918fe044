import HTTPWire
import Protection
import Transport

/// The document a PUT or DELETE acts on, held as its open directory and its name in it. Opening
/// checks that the directory is still the one the router found inside the Pass tree; from then
/// on every look and change goes through the open directory (`DirectoryHandle`), so renaming a
/// path component or swapping it for a symbolic link cannot send the write anywhere else.
/// Owned by one request at a time; whoever holds it last calls `close()`.
struct PublishingTarget: Sendable {
    /// The directory the document is in.
    private let directory: DirectoryHandle
    /// The document's name in `directory`.
    let name: String

    /// Opens the directory of `path` and checks that it is `checkedDirectory` (the canonical path
    /// the router checked); `.moved` when it is not, `.vanished` when it is gone.
    static func open(_ path: String, checkedDirectory: String?) throws(PublishingFailure) -> PublishingTarget {
        let directory: DirectoryHandle
        do {
            directory = try DirectoryHandle.open(PathResolution.directory(of: path))
        } catch {
            throw PublishingFailure(error)
        }
        let target = PublishingTarget(directory: directory, name: PathResolution.lastComponent(of: path))
        let real: String
        do {
            real = try directory.realPath()
        } catch {
            target.close()
            throw PublishingFailure(error)
        }
        guard real == checkedDirectory else {
            target.close()
            throw .moved
        }
        return target
    }

    /// What is there now, following a symbolic link as GET does: nil when nothing is. A failure
    /// other than "no such file" is thrown, so an unreadable directory is not taken for an absent
    /// document.
    func currentStatus() throws(PublishingFailure) -> Transport.FileStatus? {
        do {
            return try directory.status(of: name)
        } catch let error where error == .noSuchFile {
            return nil
        } catch {
            throw PublishingFailure(error)
        }
    }

    /// RFC 9110 §13.2.2 against the document now; throws when a precondition fails or the target
    /// is not a regular file. Returns the current status.
    func checkPreconditions(_ head: RequestHead) throws(PublishingFailure) -> Transport.FileStatus? {
        let status = try currentStatus()
        if let status {
            switch status.kind {
            case .regular: break
            case .directory, .symbolicLink, .other: throw .notADocument
            }
        }
        let (etag, lastModified) = Publishing.validators(of: status)
        switch ConditionalRequest.evaluate(method: head.method, headers: head.headers, etag: etag, lastModified: lastModified) {
        case .proceed: return status
        case .preconditionFailed, .notModified: throw .preconditionFailed
        }
    }

    /// A new temporary file beside the document, for an upload's body.
    func makeTemporaryFile() throws(PublishingFailure) -> (descriptor: FileDescriptor, name: String) {
        do {
            return try directory.makeTemporaryFile(prefix: Publishing.temporaryPrefix)
        } catch {
            throw PublishingFailure(error)
        }
    }

    /// Removes an upload's temporary file (nothing to report if it is gone already).
    func discardTemporaryFile(_ temporaryName: String) {
        try? directory.unlink(temporaryName)
    }

    /// Puts the file `temporaryName` (in the same directory) in the document's place, atomically.
    func replace(with temporaryName: String) throws(PublishingFailure) {
        do {
            try directory.rename(temporaryName, to: name)
        } catch {
            throw PublishingFailure(error)
        }
    }

    /// Removes the document's name (a symbolic link itself, not what it points to).
    func remove() throws(PublishingFailure) {
        do {
            try directory.unlink(name)
        } catch {
            throw PublishingFailure(error)
        }
    }

    /// Makes the directory's entries durable.
    func sync() throws(PublishingFailure) {
        do {
            try directory.sync()
        } catch {
            throw PublishingFailure(error)
        }
    }

    /// Releases the directory.
    func close() {
        directory.close()
    }
}
