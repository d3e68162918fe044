import Testing
@testable import Protection

/// One test per step of the Access Request Validation Procedure (reference §6), each checking the
/// outcome and the step the trace ends on.
struct GateTests {
    static let conf = """
    Protection mask {
        ServerId MaskRealm
        PasswordFile passwd
        GroupFile group
        GetMask staff
    }
    Protection addr {
        ServerId Addr
        PasswordFile passwd
        GroupFile group
        GetMask staff@127.0.0.1
    }
    Protection nomask {
        ServerId NoMask
        PasswordFile passwd
        GroupFile group
    }
    Protection override {
        ServerId Override
        PasswordFile passwd
        GroupFile group
        GetMask staff
        ACLOverride On
    }
    DefProt /acl/* nomask
    Protect /m/* mask
    Protect /a/* addr
    Protect /n/* nomask
    Protect /o/* override
    Pass /* /srv/www/*
    """

    let fs = Fixture.fileSystem(conf: conf, extra: [
        "/srv/www/pub/x.html": "public",
        "/srv/www/m/doc.html": "masked",
        "/srv/www/m2/doc.html": "masked with acl",
        "/srv/www/a/doc.html": "address",
        "/srv/www/n/doc.html": "no mask",
        "/srv/www/acl/doc.html": "acl",
        "/srv/www/acl/noentry.gif": "acl",
        "/srv/www/acl/.www_acl": "doc.html : GET : carl\n",
        "/srv/www/o/doc.html": "override",
        "/srv/www/o/.www_acl": "* : GET : carl\n",
        "/srv/www/m/.www_acl_not": "",
    ])

    func decide(_ path: String, _ credentials: String? = nil, method: String = "GET", from: ClientAddress = Fixture.local,
                fs override: InMemoryFileSystem? = nil) throws -> Decision {
        try Fixture.decide(override ?? fs, method: method, path: path, credentials: credentials, from: from)
    }

    @Test func unprotected_ignoresCredentialsAndServes() throws {
        let d = try decide("/pub/x.html", "Basic !!!")
        #expect(d.outcome == .allow(user: nil))
        #expect(d.trace.last?.step == "15")
    }

    @Test func unprotected_missingFileIs404() throws {
        #expect(try decide("/pub/nothere.html").outcome == .notFound)
    }

    @Test func step1_anonymousGoesToTheMaskAndIsChallenged() throws {
        let d = try decide("/m/doc.html")
        #expect(d.outcome == .challenge(realm: "MaskRealm"))
        #expect(d.trace.map(\.step) == ["rules", "1", "8"])
        #expect(d.status(mode: .origin) == 401)
        #expect(d.status(mode: .proxy) == 407)
    }

    @Test(arguments: [
        ("Digest username=\"ann\"", "2"),
        ("Bearer abc", "2"),
        ("Basic", "3"),
        ("Basic abc", "3"),
        ("Basic YW5uOng", "3"),               // missing padding
        ("Basic YW5u OmFubnB3", "3"),         // two tokens
        ("Basic am9l", "4–5"),               // "joe", no colon
        ("Basic OnB3", "4–5"),               // ":pw", empty user
        ("Basic /w==", "4–5"),               // not UTF-8
    ])
    func steps2to5_malformedCredentialsAreChallengedAtOnce(header: String, step: String) throws {
        let d = try decide("/m/doc.html", header)
        #expect(d.outcome == .challenge(realm: "MaskRealm"))
        #expect(d.trace.last?.step == step)
        #expect(d.trace.last?.verdict == .failed)
        #expect(d.authenticatedUser == nil)
    }

    @Test func schemeIsCaseInsensitive() throws {
        let header = "bAsIc " + Fixture.basic("ann:annpw").dropFirst(6)
        #expect(try decide("/m/doc.html", header).outcome == .allow(user: "ann"))
    }

    @Test(arguments: ["zed:annpw", "ann:wrong", "ann:"])
    func steps6to7_unknownUserOrWrongPasswordIsChallenged(userPass: String) throws {
        let d = try decide("/m/doc.html", Fixture.basic(userPass))
        #expect(d.outcome == .challenge(realm: "MaskRealm"))
        #expect(d.trace.last?.step == "6–7")
        #expect(!d.trace.description.contains("annpw"))
    }

    @Test func step8_userOutsideTheMaskIsChallengedButLoggedAsAuthenticated() throws {
        let d = try decide("/m/doc.html", Fixture.basic("carl:carlpw"))
        #expect(d.outcome == .challenge(realm: "MaskRealm"))
        #expect(d.trace.last?.step == "8")
        #expect(d.authenticatedUser == "carl")
    }

    @Test func step8_userInTheMaskPasses() throws {
        let d = try decide("/m/doc.html", Fixture.basic("ann:annpw"))
        #expect(d.outcome == .allow(user: "ann"))
        #expect(d.trace.map(\.step) == ["rules", "2", "3", "4–5", "6–7", "8", "9", "15"])
    }

    @Test func step8_addressOutsideTheMaskIsForbiddenEvenWithGoodCredentials() throws {
        let d = try decide("/a/doc.html", Fixture.basic("ann:annpw"), from: Fixture.remote)
        #expect(d.outcome == .forbidden(.addressRefused))
        #expect(d.trace.last?.step == "8")
        #expect(try decide("/a/doc.html", Fixture.basic("ann:annpw")).outcome == .allow(user: "ann"))
    }

    @Test func step10_noMaskAndNoACLIsForbiddenForEveryone() throws {
        let d = try decide("/n/doc.html", Fixture.basic("ann:annpw"))
        #expect(d.outcome == .forbidden(.noMaskNoACL))
        #expect(d.trace.last?.step == "10")
    }

    @Test func step10_anACLWithoutAnEntryForTheFileIsForbidden() throws {
        let d = try decide("/acl/noentry.gif", Fixture.basic("carl:carlpw"))
        #expect(d.outcome == .forbidden(.noACLEntry))
        #expect(d.trace.last?.step == "10")
    }

    @Test func steps11to12_theACLEntryDecides() throws {
        let refused = try decide("/acl/doc.html", Fixture.basic("ann:annpw"))
        #expect(refused.outcome == .challenge(realm: "NoMask"))
        #expect(refused.trace.last?.step == "11–12")
        let allowed = try decide("/acl/doc.html", Fixture.basic("carl:carlpw"))
        #expect(allowed.outcome == .allow(user: "carl"))
        #expect(try decide("/acl/doc.html", Fixture.basic("carl:carlpw"), method: "HEAD").outcome == .allow(user: "carl"))
    }

    @Test func steps13to14_existenceIsRevealedOnlyAfterAuthorization() throws {
        #expect(try decide("/m/missing.html").outcome == .challenge(realm: "MaskRealm"))
        let d = try decide("/m/missing.html", Fixture.basic("ann:annpw"))
        #expect(d.outcome == .notFound)
        #expect(d.trace.last?.step == "13–14")
    }

    @Test func aclWithoutDefProtIsASetupError() throws {
        let fs = Fixture.fileSystem(conf: "Pass /* /srv/www/*\n", extra: ["/srv/www/x/.www_acl": "* : GET : Anybody\n", "/srv/www/x/f": "f"])
        let d = try decide("/x/f", fs: fs)
        #expect(d.outcome == .forbidden(.setupError))
    }

    @Test func aclOverride_theACLAloneDecides() throws {
        #expect(try decide("/o/doc.html", Fixture.basic("carl:carlpw")).outcome == .allow(user: "carl"))
        #expect(try decide("/o/doc.html", Fixture.basic("ann:annpw")).outcome == .challenge(realm: "Override"))
    }

    @Test func withoutOverride_theMaskIsCheckedBeforeTheACL() throws {
        var fs = self.fs
        fs.files["/srv/www/m/.www_acl"] = "* : GET : carl, ann\n"
        #expect(try decide("/m/doc.html", Fixture.basic("carl:carlpw"), fs: fs).outcome == .challenge(realm: "MaskRealm"))
        #expect(try decide("/m/doc.html", Fixture.basic("ann:annpw"), fs: fs).outcome == .allow(user: "ann"))
        #expect(try decide("/m/doc.html", Fixture.basic("bob:bobpw"), fs: fs).outcome == .challenge(realm: "MaskRealm"))
    }

    @Test func brokenACLFailsClosed() throws {
        var fs = self.fs
        fs.files["/srv/www/acl/.www_acl"] = "this is not an acl\n"
        let d = try decide("/acl/doc.html", Fixture.basic("carl:carlpw"), fs: fs)
        #expect(d.outcome == .forbidden(.brokenACL))
    }

    @Test func putOnAnUnprotectedPathMustBeExplicitlyAllowed() throws {
        #expect(try decide("/pub/x.html", method: "PUT").outcome == .forbidden(.methodNotAllowed))
    }

    @Test func putUsesPutMaskNotGetMask() throws {
        // The mask setup has only GetMask, so PUT has no mask: 403 without an ACL.
        #expect(try decide("/m/doc.html", Fixture.basic("ann:annpw"), method: "PUT").outcome == .forbidden(.noMaskNoACL))
    }

    @Test func pendingVerificationAsksToBeRunAgain() throws {
        let d = try Fixture.decide(fs, path: "/m/doc.html", credentials: Fixture.basic("ann:annpw"), verifier: PendingVerifier())
        guard case .needsVerification(let user, let password, let file) = d.outcome else { Issue.record("\(d.outcome)"); return }
        #expect(user == "ann")
        #expect(password == Array("annpw".utf8))
        #expect(file.path == "/srv/conf/passwd")
    }

    @Test func protectWithoutDefProtInEffectFailsClosed() throws {
        let fs = Fixture.fileSystem(conf: "Protection D {\nServerId D\n}\nDefProt /d/* D\nProtect /*\nPass /* /srv/www/*\n",
                                    extra: ["/srv/www/e/x": "x"])
        #expect(try decide("/e/x", fs: fs).outcome == .forbidden(.setupError))
    }

    @Test func anybodyMaskAdmitsAnonymous() throws {
        let fs = Fixture.fileSystem(conf: "Protection P {\nServerId P\nGetMask Anybody\n}\nProtect /* P\nPass /* /srv/www/*\n",
                                    extra: ["/srv/www/x": "x"])
        #expect(try decide("/x", fs: fs).outcome == .allow(user: nil))
    }
}

extension Array where Element == TraceStep {
    var description: String { map(\.description).joined(separator: "\n") }
}
