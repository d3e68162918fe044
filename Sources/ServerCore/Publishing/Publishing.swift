import Dispatch
import HTTPWire
import Protection
import Synchronization
import Transport

/// What every PUT and DELETE shares: the named constants, the queue that does the slow disk work
/// off the event loops, and the lock that makes "check the preconditions, then rename or unlink"
/// one step against other uploads to the same server.
enum Publishing {
    /// Prefix of the temporary file an upload is written to, in the target's directory (the router
    /// never serves a path with a component starting `.gatehouse-`).
    static let temporaryPrefix = RequestRouter<ACLCache, CachingVerifier, DiskFileSystem>.temporaryPrefix + "put-"
    /// Permission bits of a newly created document.
    static let newDocumentMode: UInt32 = 0o644
    /// The bits a replaced document keeps: read/write/execute for owner, group and others, not
    /// set-user-ID, set-group-ID or sticky.
    static let keptModeMask: UInt32 = 0o777

    /// fsync, rename and the directory fsync run here, never on a loop thread. One serial queue:
    /// bounded threads, and commits (not the body reads, which stay parallel) go one at a time.
    static let queue = DispatchQueue(label: "gatehouse.publishing")

    /// Held from the precondition check to the rename (PUT) or unlink (DELETE), so two requests
    /// with `If-Match` cannot both pass against the same old document.
    static let commitLock = Mutex<Void>(())

    /// The validators of a document as the static responder computes them (strong
    /// ETag, Last-Modified), nil when there is no document.
    static func validators(of status: Transport.FileStatus?) -> (etag: EntityTag?, lastModified: Int?) {
        guard let status else { return (nil, nil) }
        return (entityTag(of: status), Int(status.modificationSeconds))
    }

    /// The strong ETag of a file, the same one `StaticFileResponder` sends for it.
    static func entityTag(of status: Transport.FileStatus) -> EntityTag {
        EntityTag(modificationSeconds: Int(status.modificationSeconds), modificationNanoseconds: Int(status.modificationNanoseconds),
                  size: Int(status.size), inode: status.inode)
    }

    /// The date for a response built off the loop (the loop's cached date may be a whole upload old).
    static func currentDate() -> String {
        HTTPDate.format(Int(SystemClock.wallClock().seconds))
    }
}
