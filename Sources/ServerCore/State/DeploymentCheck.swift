import Protection
import TLS
import Transport

/// What `gatehouse check` says about the deployment directives, beyond the protection files:
/// the TLS listeners and certificate pair (missing, unreadable, mismatched, expired, expiring
/// within 14 days), the run-as user (unknown, or `UserId root`), credentials accepted over plain
/// HTTP from other machines, and — when run as root — the files the served user will not be
/// able to read after the privilege drop. Every message names the rule-file line it is about.
public enum DeploymentCheck {
    /// The most files of the served trees looked at for readability.
    public static let maxFilesWalked = 20_000
    /// The most unreadable files reported.
    public static let maxUnreadableReported = 20

    /// Errors and warnings for `rules` (already loaded without errors), at Unix time `now`.
    public static func diagnose(_ snapshot: ProtectionSnapshot, now: Int64 = SystemClock.wallClock().seconds,
                                isRoot: Bool = ProcessIdentity.isRoot) -> (errors: [Diagnostic], warnings: [Diagnostic]) {
        var report = Report(path: snapshot.ruleFile.path)
        let rules = snapshot.ruleFile
        let settings = rules.settings
        checkTLS(settings, now: now, &report)
        let account = checkAccount(settings, isRoot: isRoot, &report)
        if settings.requireTLSForAuth == false && !settings.tlsListen.isEmpty && !snapshot.setups.isEmpty {
            report.warning(0, "RequireTLSForAuth Off: passwords for the protected trees are accepted over plain HTTP")
        }
        if settings.plainAuthFrom.contains(where: { !$0.isLoopbackOnly }) && !snapshot.setups.isEmpty {
            report.warning(0, "PlainAuthFrom admits other machines: their Basic passwords travel in the clear over plain HTTP")
        }
        if let account, isRoot { checkReadable(snapshot, by: account, &report) }
        return (report.errors, report.warnings)
    }

    /// Collects diagnostics for one rule file.
    struct Report {
        let path: String
        var errors: [Diagnostic] = []
        var warnings: [Diagnostic] = []

        mutating func error(_ line: Int, _ message: String) {
            errors.append(Diagnostic(.error, at: SourceLocation(path: path, line: line), message))
        }

        mutating func warning(_ line: Int, _ message: String) {
            warnings.append(Diagnostic(.warning, at: SourceLocation(path: path, line: line), message))
        }
    }

    private static func checkTLS(_ settings: ServerSettings, now: Int64, _ report: inout Report) {
        for listen in settings.tlsListen where (try? SocketAddress(parsing: listen.value)) == nil {
            report.error(listen.line, "TLSListen: '\(listen.value)' is not HOST:PORT (IPv6 as [::1]:443)")
        }
        guard let certificate = settings.tlsCertificate, let key = settings.tlsCertificateKey else {
            if let first = settings.tlsListen.first {
                report.error(first.line, "TLSListen needs TLSCertificate and TLSCertificateKey")
            } else if let one = settings.tlsCertificate ?? settings.tlsCertificateKey {
                report.error(one.line, "TLSCertificate and TLSCertificateKey go together")
            }
            return
        }
        let pair = TLSCertificatePair(certificateChainPath: certificate.value, privateKeyPath: key.value)
        let info: TLSCertificateInfo
        do {
            info = try TLSCertificateInfo(pair)
        } catch {
            report.error(error.path == key.value ? key.line : certificate.line, error.description)
            return
        }
        guard info.keyMatchesCertificate else {
            return report.error(key.line, "\(key.value): the private key does not match the certificate in \(certificate.value)")
        }
        switch info.status(atUnixTime: now) {
        case .valid:
            break
        case .expiresSoon(let left):
            report.warning(certificate.line, "\(certificate.value): the certificate expires in \(left / 86_400) day(s); renew it")
        case .expired:
            report.error(certificate.line, "\(certificate.value): the certificate has expired; clients refuse it")
        case .notYetValid:
            report.warning(certificate.line, "\(certificate.value): the certificate is not valid yet (check the clock)")
        }
    }

    /// The account a root start switches to, and its problems.
    private static func checkAccount(_ settings: ServerSettings, isRoot: Bool, _ report: inout Report) -> ProcessIdentity.Account? {
        let name = settings.userId?.value ?? RunAs.defaultUser
        guard let account = ProcessIdentity.user(name) else {
            report.error(settings.userId?.line ?? 0, "UserId: there is no user '\(name)'")
            return nil
        }
        if let group = settings.groupId, ProcessIdentity.group(group.value) == nil {
            report.error(group.line, "GroupId: there is no group '\(group.value)'")
        }
        if account.uid == 0, let line = settings.userId?.line {
            report.warning(line, "UserId root: started as root, the server keeps running as root")
        }
        return account
    }

    /// As root: the protection files, certificates and served files the account cannot read.
    private static func checkReadable(_ snapshot: ProtectionSnapshot, by account: ProcessIdentity.Account, _ report: inout Report) {
        let gid = snapshot.ruleFile.settings.groupId.flatMap { ProcessIdentity.group($0.value) } ?? account.gid
        var reported = 0
        func note(_ path: String, _ what: String) {
            guard reported < maxUnreadableReported else { return }
            reported += 1
            report.warning(0, "\(path): \(what) is not readable by \(account.name), whom the server serves as after the privilege drop")
        }
        let settings = snapshot.ruleFile.settings
        for path in snapshot.sourceFiles + [settings.tlsCertificate?.value, settings.tlsCertificateKey?.value].compactMap({ $0 })
            + settings.errorDocuments.values.map(\.value) where !FileAccess.canRead(path, uid: account.uid, gid: gid) {
            note(path, "this file")
        }
        var walked = 0
        // A missing root is the Pass rule's own error; nothing there to be unreadable.
        for root in snapshot.ruleFile.passRoots where (try? FileSystem.stat(root)) != nil {
            FileAccess.walk(root, limit: maxFilesWalked - walked) { path, isDirectory in
                walked += 1
                if !FileAccess.canRead(path, uid: account.uid, gid: gid, directory: isDirectory) {
                    note(path, isDirectory ? "this directory" : "this document")
                }
            }
        }
    }
}

extension AddressTemplate {
    /// Whether the template admits only loopback addresses (127/8, ::1).
    var isLoopbackOnly: Bool {
        switch self {
        case .network(let bytes, let prefix):
            if bytes.count == 4 { return bytes[0] == 127 && prefix >= 8 }
            return prefix == 128 && bytes == [UInt8](repeating: 0, count: 15) + [1]
        case .ipv4Octets(let octets):
            return octets.first == "127"
        case .hostName:
            return false
        }
    }
}
