import HTTPWire
import Transport

/// Why a PUT or DELETE did not change the document, one case per response sent.
enum PublishingFailure: Error, Sendable, Equatable {
    /// `If-Match` / `If-Unmodified-Since` / `If-None-Match` did not hold (RFC 9110 §13.1): 412.
    case preconditionFailed
    /// The target is a directory or not a regular file: documents only, 403.
    case notADocument
    /// The target's directory disappeared after the router looked: 404.
    case vanished
    /// The directory written into is no longer where the router checked it was (a component was
    /// renamed or replaced by a symbolic link since): 409, nothing written.
    case moved
    /// The body grew past `MaxBodySize` (a chunked body; a larger `Content-Length` is refused
    /// with the head): 413.
    case tooLarge(limit: Int)
    /// The file system refused the server (permissions, read-only mount): 403, as the static
    /// responder answers an unreadable file.
    case notPermitted(Errno)
    /// Disk or quota full: 507 (RFC 4918 §11.5).
    case noSpace(Errno)
    /// Any other failed system call: 500.
    case systemError(Errno)

    /// Sorts a failed system call into the response it deserves.
    init(_ error: Errno) {
        switch error {
        case .permissionDenied, .notPermitted, .readOnlyFileSystem:
            self = .notPermitted(error)
        case .noSpace, .quotaExceeded, .fileTooLarge:
            self = .noSpace(error)
        case .isDirectory, .notDirectory:
            self = .notADocument
        case .noSuchFile:
            self = .vanished
        default:
            self = .systemError(error)
        }
    }

    /// The status line this failure is answered with.
    var status: HTTPStatus {
        switch self {
        case .preconditionFailed: .preconditionFailed
        case .notADocument, .notPermitted: .forbidden
        case .vanished: .notFound
        case .moved: .conflict
        case .tooLarge: .contentTooLarge
        case .noSpace: .insufficientStorage
        case .systemError: .internalServerError
        }
    }

    /// The failed system call behind this answer, if any (for the error log).
    var cause: Errno? {
        switch self {
        case .notPermitted(let error), .noSpace(let error), .systemError(let error): error
        case .preconditionFailed, .notADocument, .vanished, .moved, .tooLarge: nil
        }
    }

    /// The sentence on the error page (no paths: they are the server's business).
    var detail: String {
        switch self {
        case .preconditionFailed: "The document changed since the client last read it."
        case .notADocument: "Only documents can be written or deleted, not directories."
        case .vanished: "The directory of this document no longer exists."
        case .moved: "The directory of this document moved while the request was being checked."
        case .tooLarge(let limit): "The request body is larger than this server accepts (\(limit) bytes)."
        case .notPermitted: "The server may not write here."
        case .noSpace: "There is no room left to store the document."
        case .systemError: "The document could not be stored."
        }
    }
}
