import Transport

/// Applies one edit to one protection file so that it cannot corrupt the file, cannot lose a
/// concurrent edit, and never leaves a file the server would reject:
///
/// 1. take an exclusive `flock` on `FILE.lock` beside the target (never removed: removing a
///    lock file lets two editors hold "the" lock at once);
/// 2. re-read the file under the lock and check it with the server's parser (an invalid
///    original is not edited);
/// 3. compute the new text (a pure `TextEdit`) and check it with the parser again;
/// 4. write it to `.gatehouse-edit-NAME.XXXXXX` in the same directory, give it the original's mode and
///    owner, `fsync` it;
/// 5. `rename` it over the target and `fsync` the directory.
///
/// A crash before step 5 leaves the old file (and possibly a dot-named temporary file, which
/// neither the server nor `gatehouse check` reads); after it, the new one. A symbolic link
/// target is resolved first, so the link stays and both spellings share one lock.
struct SafeFileEditor {
    /// What to do when the file does not exist.
    enum IfMissing: Sendable {
        /// Refuse: the file must exist.
        case fail
        /// Start from empty text and create the file with `AdminLimits.newFileMode`.
        case create
    }

    /// The path as the user wrote it (used in messages).
    let path: String
    /// The format, for the parser checks.
    let format: FileFormat
    /// Called after the temporary file is fsynced and before the rename (the crash-test hook);
    /// receives the temporary file's path. Throwing abandons the edit.
    var beforeRename: (String) throws(AdminFailure) -> Void = { _ throws(AdminFailure) in }

    /// Runs `change` on the current text (`nil` when the file is missing and may be created)
    /// under the lock, and writes its result. Returns the edit; when its text equals the current
    /// text nothing is written.
    func edit(ifMissing: IfMissing, _ change: (String?) throws(AdminFailure) -> TextEdit) throws(AdminFailure) -> TextEdit {
        try checkPath()
        let target = try resolvedTarget()
        let directory = PathNames.directory(of: target)
        let lock = try openLock(target + Self.lockSuffix)
        defer { lock.closeIgnoringErrors() }
        do {
            try FileSystem.flock(lock, exclusive: true)
        } catch {
            throw failure("cannot lock \(target)\(Self.lockSuffix)", error)
        }

        let current = try read(target)
        if current == nil, case .fail = ifMissing { throw .failed("\(path): no such file") }
        if let current { try format.validate(current.text, path: path) }
        let edit = try change(current?.text)
        if let current, edit.text == current.text { return edit }
        try format.validate(edit.text, path: path)
        try replace(target, directory: directory, with: edit.text, like: current?.status)
        return edit
    }

    /// Reads the file and checks it with the server's parser, without locking (for `list` and
    /// `check`: a rename never exposes a half-written file).
    func readValid() throws(AdminFailure) -> String {
        try checkPath()
        guard let current = try read(path) else { throw .failed("\(path): no such file") }
        try format.validate(current.text, path: path)
        return current.text
    }

    /// Suffix of the lock file beside the target.
    static let lockSuffix = ".lock"
    /// Marks temporary files: `.gatehouse-edit-NAME.XXXXXX`; the server never serves a name
    /// starting with `.gatehouse-` (`RequestRouter.temporaryPrefix`).
    static let temporaryMarker = ".gatehouse-edit-"

    /// The prefix of the temporary files written for `target`.
    static func temporaryPrefix(for target: String) -> String {
        temporaryMarker + PathNames.name(of: target) + "."
    }

    /// A file name is needed: not empty, not a directory path.
    private func checkPath() throws(AdminFailure) {
        if path.isEmpty { throw .failed("empty file name") }
        if path.hasSuffix("/") { throw .failed("\(path): a file name is needed, not a directory") }
    }

    private func resolvedTarget() throws(AdminFailure) -> String {
        do {
            return try FileSystem.realPath(path)
        } catch where error == .noSuchFile {
            return path
        } catch {
            throw failure("cannot resolve", error)
        }
    }

    private func openLock(_ lockPath: String) throws(AdminFailure) -> FileDescriptor {
        do {
            return try FileSystem.openOrCreate(lockPath, mode: AdminLimits.lockFileMode)
        } catch where error == .permissionDenied {
            // flock works on a read-only descriptor too: another admin's lock file still locks.
            do { return try FileSystem.openForReading(lockPath) } catch { throw failure("cannot open lock file \(lockPath)", error) }
        } catch {
            throw failure("cannot create lock file \(lockPath)", error)
        }
    }

    private func read(_ file: String) throws(AdminFailure) -> (text: String, status: Transport.FileStatus)? {
        let fd: FileDescriptor
        do {
            fd = try FileSystem.openForReading(file)
        } catch where error == .noSuchFile {
            return nil
        } catch {
            throw failure("cannot open", error)
        }
        defer { fd.closeIgnoringErrors() }
        let bytes: [UInt8]
        let status: Transport.FileStatus
        do {
            bytes = try FileSystem.readWholeFile(fd, limit: AdminLimits.maxFileBytes)
            status = try FileSystem.fstat(fd)
        } catch where error == .fileTooLarge {
            throw .failed("\(path): larger than \(AdminLimits.maxFileBytes) bytes")
        } catch where error == .invalidArgument || error == .isDirectory {
            throw .failed("\(path): not a regular file")
        } catch {
            throw failure("cannot read", error)
        }
        guard let text = String(validating: bytes, as: UTF8.self) else { throw .failed("\(path): not UTF-8 text") }
        return (text, status)
    }

    private func replace(_ target: String, directory: String, with text: String, like original: Transport.FileStatus?) throws(AdminFailure) {
        let temporary: (descriptor: FileDescriptor, path: String)
        do {
            temporary = try FileSystem.makeTemporaryFile(inDirectory: directory, prefix: Self.temporaryPrefix(for: target))
        } catch {
            throw failure("cannot create a temporary file in \(directory)", error)
        }
        var open = true
        func writeAndRename() throws(AdminFailure) {
            do {
                try FileSystem.writeAll(temporary.descriptor, Array(text.utf8))
            } catch {
                throw failure("cannot write \(temporary.path)", error)
            }
            // Owner first: chown(2) clears set-user-ID and set-group-ID bits, chmod restores them.
            if let original { try keepOwner(temporary.descriptor, original) }
            do {
                try FileSystem.fchmod(temporary.descriptor, mode: original?.mode ?? AdminLimits.newFileMode)
                try FileSystem.fsync(temporary.descriptor)
                open = false
                try temporary.descriptor.close()
            } catch {
                throw failure("cannot write \(temporary.path)", error)
            }
            try beforeRename(temporary.path)
            do {
                try FileSystem.rename(temporary.path, to: target)
            } catch {
                throw failure("cannot rename \(temporary.path) over it", error)
            }
        }
        do throws(AdminFailure) {
            try writeAndRename()
        } catch {
            if open { temporary.descriptor.closeIgnoringErrors() }
            try? FileSystem.unlink(temporary.path)
            throw error
        }
        do {
            try FileSystem.fsyncDirectory(directory)
        } catch {
            throw failure("written, but the directory \(directory) could not be synced", error)
        }
    }

    /// Gives the temporary file the original's owner and group; fails the edit (fail closed)
    /// when that is not allowed rather than silently handing the file to the editing user.
    private func keepOwner(_ fd: FileDescriptor, _ original: Transport.FileStatus) throws(AdminFailure) {
        do {
            let written = try FileSystem.fstat(fd)
            guard written.userID != original.userID || written.groupID != original.groupID else { return }
            try FileSystem.fchown(fd, userID: original.userID, groupID: original.groupID)
        } catch {
            throw .failed("\(path): cannot keep its owner \(original.userID):\(original.groupID) (\(error.message)); edit it as its owner or as root")
        }
    }

    private func failure(_ what: String, _ error: Errno) -> AdminFailure {
        .failed("\(path): \(what): \(error.message)")
    }
}
