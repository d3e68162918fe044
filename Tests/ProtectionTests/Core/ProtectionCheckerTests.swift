import Testing
@testable import Protection

struct ProtectionCheckerTests {
    @Test func reportsCountsForAGoodConfiguration() {
        let fs = Fixture.fileSystem(conf: """
        Protection p {
            ServerId P
            PasswordFile passwd
            GroupFile group
            GetMask staff, carl, dave
        }
        DefProt /acl/* p
        Protect /p/* p
        Pass /* /srv/www/*
        """, extra: ["/srv/www/acl/.www_acl": "* : GET : staff\n", "/srv/www/x.html": "x"])
        let report = ProtectionChecker.check(configPath: "/srv/conf/httpd.conf", fileSystem: fs)
        #expect(report.passed)
        #expect(report.warnings.isEmpty, "\(report.warnings)")
        #expect(report.summary == "3 rules, 1 setup, 4 users, 1 group, 1 ACL file")
    }

    @Test func reportsErrorsInACLFilesUnderTheTree() {
        let fs = Fixture.fileSystem(conf: "Pass /* /srv/www/*\n", extra: ["/srv/www/a/b/.www_acl": "x : GET : ann\nbroken line\n"])
        let report = ProtectionChecker.check(configPath: "/srv/conf/httpd.conf", fileSystem: fs)
        #expect(!report.passed)
        #expect(report.errors.map(\.description).first?.hasPrefix("/srv/www/a/b/.www_acl:2: ") == true)
    }

    @Test func warnsAboutLikelyMistakes() {
        let fs = Fixture.fileSystem(conf: """
        Protection p {
            ServerId P
            PasswordFile passwd
            GroupFile group
        }
        Protection q {
            ServerId Q
            PasswordFile passwd
            GroupFile group
            GetMask ann@*.example.org
        }
        Protect /p/* p
        Protect /q/* q
        Pass /* /srv/www/*
        """, group: "staff: ann, bob\nunused: carl\n", extra: ["/srv/www/p/x.html": "x"])
        let report = ProtectionChecker.check(configPath: "/srv/conf/httpd.conf", fileSystem: fs)
        #expect(report.passed)
        let text = report.warnings.map(\.description)
        #expect(text.contains { $0.hasPrefix("/srv/conf/httpd.conf:12: warning: everything under '/p/*' is refused (403)") }, "\(text)")
        #expect(text.contains { $0.hasPrefix("/srv/conf/group:2: warning: group 'unused' is never used") })
        #expect(text.contains { $0.hasPrefix("/srv/conf/passwd:4: warning: user 'dave' is in no group") })
        #expect(text.contains { $0.contains("host-name template, which never matches") })
    }

    @Test func loadErrorsStopTheCheck() {
        let fs = Fixture.fileSystem(conf: "Pass /*\nBogus\n")
        let report = ProtectionChecker.check(configPath: "/srv/conf/httpd.conf", fileSystem: fs)
        #expect(report.errors.map(\.description) == ["/srv/conf/httpd.conf:2: unknown directive 'Bogus'"])
    }

    /// `Pass /* ../wwww/*` (a typo) answers 404 to everything: `check` fails with the Pass
    /// rule's line, and the loader (so a running server) warns about the same line.
    @Test(arguments: [
        ("Pass /* ../wwww/*\n", "Pass target directory '/srv/wwww' does not exist"),
        ("Pass /a/* /srv/www/a/*\nPass /* /srv/www/*\n", "Pass target directory '/srv/www/a' does not exist"),
        ("Pass /index.html /srv/www/home.html\nPass /* /srv/www/*\n", "Pass target '/srv/www/home.html' does not exist"),
    ])
    func missingPassTarget_isACheckErrorAndALoadWarning(conf: String, message: String) throws {
        let fs = Fixture.fileSystem(conf: conf, extra: ["/srv/www/x.html": "x"])
        let report = ProtectionChecker.check(configPath: "/srv/conf/httpd.conf", fileSystem: fs)
        #expect(report.errors.map(\.description) == ["/srv/conf/httpd.conf:1: \(message): every request this rule passes gets 404"])
        #expect(!report.warnings.contains { $0.message.contains("Pass target") })
        let snapshot = try Fixture.snapshot(fs)
        #expect(snapshot.warnings.map(\.description) == ["/srv/conf/httpd.conf:1: warning: \(message): every request this rule passes gets 404"])
    }

    /// Targets that exist, the file system root and proxy rules are fine.
    @Test func existingPassTargets_areClean() throws {
        let fs = Fixture.fileSystem(conf: "Pass /x.html /srv/www/x.html\nPass http:*\nPass /srv/www/*\nPass /* ../../srv/www/*\n",
                                    extra: ["/srv/www/x.html": "x"])
        #expect(ProtectionLoader.missingPassTargets(try Fixture.snapshot(fs).ruleFile, fileSystem: fs).isEmpty)
        let report = ProtectionChecker.check(configPath: "/srv/conf/httpd.conf", fileSystem: fs)
        #expect(report.errors.isEmpty, "\(report.errors)")
    }
}
