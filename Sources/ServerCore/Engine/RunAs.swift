import Protection
import Transport

/// Who the server serves as. Started as root (to bind port 80 or 443), it binds every listener,
/// opens the logs and reads the certificates, then switches for good to `UserId` / `GroupId`
/// (default `nobody` / `nogroup`), so a PUT writes files owned by that user and a parser bug
/// never runs as root. It stays root only when the rule file says `UserId root` (and says so in
/// the error log). Not started as root, it serves as whoever started it.
struct RunAs {
    /// The account to switch to (nil: stay as started).
    let account: ProcessIdentity.Account?
    /// The group to switch to.
    let gid: UInt32
    /// The rule file asked to stay root.
    let explicitRoot: Bool

    /// The default account for a root start.
    static let defaultUser = "nobody"
    /// The default group for a root start (Debian's; else the user's primary group).
    static let defaultGroup = "nogroup"

    /// Works out the switch from the rule file; throws when a named user or group does not exist.
    init(settings: ServerSettings, ruleFile: String, isRoot: Bool = ProcessIdentity.isRoot) throws(ServerStartError) {
        guard isRoot else {
            account = nil
            gid = ProcessIdentity.effectiveGID
            explicitRoot = false
            return
        }
        let userName = settings.userId?.value ?? RunAs.defaultUser
        guard let account = ProcessIdentity.user(userName) else {
            throw ServerStartError("\(ruleFile)\(settings.userId.map { ":\($0.line)" } ?? ""): UserId: there is no user '\(userName)'")
        }
        var gid = account.gid
        if let group = settings.groupId {
            guard let named = ProcessIdentity.group(group.value) else {
                throw ServerStartError("\(ruleFile):\(group.line): GroupId: there is no group '\(group.value)'")
            }
            gid = named
        } else if settings.userId == nil, let nogroup = ProcessIdentity.group(RunAs.defaultGroup) {
            gid = nogroup
        }
        explicitRoot = account.uid == 0
        self.account = account.uid == 0 ? nil : account
        self.gid = gid
    }

    /// Switches now (nothing when not root or when staying root).
    func apply() throws(ServerStartError) {
        guard let account else { return }
        do {
            try ProcessIdentity.switchTo(uid: account.uid, gid: gid)
        } catch {
            throw ServerStartError("cannot switch to user \(account.name): \(error)")
        }
    }

    /// The user switched to, when the server drops root (nil when it does not switch).
    var servedUserID: UInt32? { account?.uid }

    /// The user the server serves as, for the startup line.
    var description: String {
        account?.name ?? ProcessIdentity.userName(ProcessIdentity.effectiveUID)
    }
}
