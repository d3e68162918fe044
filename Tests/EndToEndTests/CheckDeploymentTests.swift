import Foundation
import Glibc
import Testing

/// `gatehouse check` on the deployment directives: certificates, the run-as user, plain-HTTP
/// credentials, and (as root) what the served user cannot read.
@Suite(.enabled(if: toolExists("openssl")))
struct CheckDeploymentTests {
    static func check(_ site: TestSite) throws -> ExternalTool.Result {
        try ExternalTool.run(try TestServer.executable(named: "gatehouse"), ["check", "--config", site.ruleFile], scratch: site.root)
    }

    static func line(of directive: String, in site: TestSite) -> Int {
        (site.read("protection/httpd.conf").components(separatedBy: "\n").firstIndex { $0.hasPrefix(directive) } ?? -1) + 1
    }

    @Test func aGoodPair_checksClean() throws {
        let site = try TestSite.make()
        defer { site.remove() }
        try site.makeTLSCertificates(days: 60)
        try site.write("protection/httpd.conf", site.read("protection/httpd.conf") + "TLSListen 127.0.0.1:8443\n")
        try site.giveToServedUser()
        let result = try Self.check(site)
        #expect(result.status == 0 && !result.stderr.contains("warning"), "\(result.stdout)\(result.stderr)")
    }

    @Test func missingKey_mismatchedPair_andBadListen_areErrorsWithTheirLine() throws {
        let site = try TestSite.make()
        defer { site.remove() }
        try site.makeTLSCertificates(days: 60)
        try site.makeTLSCertificates(commonName: "other", prefix: "other", addToRuleFile: false)
        let rules = site.read("protection/httpd.conf").replacingOccurrences(of: "TLSCertificateKey ../tls/server.key", with: "TLSCertificateKey ../tls/other.key")
        try site.write("protection/httpd.conf", rules + "TLSListen ::1:8443\n")
        let mismatched = try Self.check(site)
        #expect(mismatched.status == 1)
        #expect(mismatched.stderr.contains("\(site.ruleFile):\(Self.line(of: "TLSCertificateKey", in: site)): "), "\(mismatched.stderr)")
        #expect(mismatched.stderr.contains("does not match"), "\(mismatched.stderr)")
        #expect(mismatched.stderr.contains("\(site.ruleFile):\(Self.line(of: "TLSListen", in: site)): TLSListen"), "\(mismatched.stderr)")
        try site.write("protection/httpd.conf", rules.replacingOccurrences(of: "other.key", with: "missing.key"))
        let missing = try Self.check(site)
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("missing.key"), "\(missing.stderr)")
    }

    @Test func expiredIsAnError_expiringSoonAWarning() throws {
        let site = try TestSite.make()
        defer { site.remove() }
        try site.makeTLSCertificates(days: 5)
        let soon = try Self.check(site)
        #expect(soon.status == 0)
        #expect(soon.stderr.contains("\(site.ruleFile):\(Self.line(of: "TLSCertificate ", in: site)): warning: ") && soon.stderr.contains("expires in"),
                "\(soon.stderr)")
        try site.makeTLSCertificates(days: -1, addToRuleFile: false)
        let expired = try Self.check(site)
        #expect(expired.status == 1)
        #expect(expired.stderr.contains("has expired"), "\(expired.stderr)")
    }

    @Test func unknownUser_isAnError_userIdRoot_aWarning() throws {
        let site = try TestSite.make()
        defer { site.remove() }
        let base = site.read("protection/httpd.conf")
        try site.write("protection/httpd.conf", base + "UserId no-such-user-here\n")
        let unknown = try Self.check(site)
        #expect(unknown.status == 1 && unknown.stderr.contains("UserId: there is no user 'no-such-user-here'"), "\(unknown.stderr)")
        try site.write("protection/httpd.conf", base + "UserId root\n")
        let root = try Self.check(site)
        #expect(root.status == 0 && root.stderr.contains("warning: UserId root"), "\(root.stderr)")
    }

    @Test(.enabled(if: geteuid() == 0))
    func asRoot_reportsWhatTheServedUserCannotRead() throws {
        let site = try TestSite.make()
        defer { site.remove() }
        try site.giveToServedUser()
        chown(site.path("protection/passwd"), 0, 0)
        chmod(site.path("protection/passwd"), 0o600)
        chown(site.path("www/docs/guide.html"), 0, 0)
        chmod(site.path("www/docs/guide.html"), 0o600)
        let result = try Self.check(site)
        #expect(result.stderr.contains("\(site.path("protection/passwd")): this file is not readable by nobody"), "\(result.stderr)")
        #expect(result.stderr.contains("\(site.path("www/docs/guide.html")): this document is not readable by nobody"), "\(result.stderr)")
    }
}
