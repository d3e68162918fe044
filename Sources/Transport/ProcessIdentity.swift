import CSystem
import Glibc

/// Who the process runs as, the system's user and group databases, and the one-way switch to
/// another user (`setgroups`, `setgid`, `setuid`, in that order, as a root process must).
public enum ProcessIdentity {
    /// A user account from the password database.
    public struct Account: Sendable, Hashable {
        /// The user's name.
        public let name: String
        /// The user id.
        public let uid: UInt32
        /// The primary group id.
        public let gid: UInt32
    }

    /// The effective user id.
    public static var effectiveUID: UInt32 { geteuid() }
    /// The effective group id.
    public static var effectiveGID: UInt32 { getegid() }

    /// Whether the process runs as root.
    public static var isRoot: Bool { geteuid() == 0 }

    /// The account named `name`, or with the numeric id `name`; nil when there is none.
    public static func user(_ name: String) -> Account? {
        var entry = passwd()
        var result: UnsafeMutablePointer<passwd>?
        var buffer = [CChar](repeating: 0, count: 16 * 1024)
        let status: Int32
        if let uid = UInt32(name) {
            status = getpwuid_r(uid, &entry, &buffer, buffer.count, &result)
        } else {
            status = name.withCString { getpwnam_r($0, &entry, &buffer, buffer.count, &result) }
        }
        guard status == 0, result != nil, let pwName = entry.pw_name else {
            // A number with no account is still a valid id to run as.
            return UInt32(name).map { Account(name: name, uid: $0, gid: $0) }
        }
        return Account(name: String(cString: pwName), uid: entry.pw_uid, gid: entry.pw_gid)
    }

    /// The group named `name`, or the numeric id `name`; nil when there is none.
    public static func group(_ name: String) -> UInt32? {
        if let gid = UInt32(name) { return gid }
        var entry = Glibc.group()
        var result: UnsafeMutablePointer<Glibc.group>?
        var buffer = [CChar](repeating: 0, count: 16 * 1024)
        let status = name.withCString { getgrnam_r($0, &entry, &buffer, buffer.count, &result) }
        guard status == 0, result != nil else { return nil }
        return entry.gr_gid
    }

    /// The name of user id `uid` (or the number).
    public static func userName(_ uid: UInt32) -> String {
        var entry = passwd()
        var result: UnsafeMutablePointer<passwd>?
        var buffer = [CChar](repeating: 0, count: 16 * 1024)
        guard getpwuid_r(uid, &entry, &buffer, buffer.count, &result) == 0, result != nil, let name = entry.pw_name else {
            return String(uid)
        }
        return String(cString: name)
    }

    /// Switches the whole process (every thread) to `uid`:`gid` with no supplementary groups,
    /// for good; then checks that root cannot be regained.
    public static func switchTo(uid: UInt32, gid: UInt32) throws(Errno) {
        var groups = [gid]
        try SystemCall.blocking("setgroups") { csys_setgroups(1, &groups) }
        try SystemCall.blocking("setgid") { setgid(gid) }
        try SystemCall.blocking("setuid") { setuid(uid) }
        if uid != 0 && setuid(0) == 0 { throw Errno(EPERM, call: "setuid(0) still succeeds after the switch") }
    }
}
