import Testing
@testable import Protection

@Test func ruleFile_parsesDirectivesAndSetups() throws {
    let text = """
    # Gatehouse sample
    Port 8080
    AccessLog logs/access.log
    Error-Log /var/log/gh.err
    Welcome index.html home.html
    AddType .md text/markdown 8bit
    AddType .svgz image/svg+xml gzip
    DirAccess Selective
    Enable PUT
    Enable DELETE
    Disable DELETE
    DNSLookup Off
    DefaultCharset utf-8
    IdleTimeout 7
    Protection team {
        ServerId Team
        PasswordFile passwd
        GetMask staff,
                carl
    }
    Protection files setups/files.setup
    DefProt /acl/* files
    Protect /team/* team
    Protect /inline/* {
        ServerId Inline
        Mask @127.0.0.1
    }
    Map /old/* /team/*
    Redirect /moved/* http://example.org/*
    Moved /perm/* http://example.org/p/*
    Fail /secret/*
    Pass /* ../www/*
    """
    let (rules, warnings) = try RuleFile.parse(text, path: "/srv/conf/httpd.conf")
    #expect(warnings.isEmpty)
    #expect(rules.port == 8080)
    #expect(rules.accessLog == "/srv/conf/logs/access.log")
    #expect(rules.errorLog == "/var/log/gh.err")
    #expect(rules.welcome == ["index.html", "home.html"])
    #expect(rules.types.map(\.suffix) == ["md", "svgz"])
    #expect(rules.types[0].encoding == nil)
    #expect(rules.types[1].encoding == "gzip")
    #expect(rules.directoryListing == .selective)
    #expect(rules.enabledMethods == ["PUT"])
    #expect(rules.defaultCharset == "utf-8")
    #expect(rules.tuning.idleTimeoutSeconds == 7)
    #expect(rules.tuning.headTimeoutSeconds == 10)
    #expect(rules.setupSources.count == 3)
    guard case .defined(let team) = rules.setupSources[0] else { Issue.record("team"); return }
    #expect(team.masks[.get]?.description == "staff, carl")
    #expect(team.location.line == 15)
    #expect(rules.setupSources[1] == .file(path: "/srv/conf/setups/files.setup", namedAt: SourceLocation(path: "/srv/conf/httpd.conf", line: 21)))
    #expect(rules.rules.map(\.line) == [22, 23, 24, 28, 29, 30, 31, 32])
}

@Test func ruleFile_defaultsFollowTheReference() throws {
    let (rules, _) = try RuleFile.parse("Pass /*\n", path: "/c")
    #expect(rules.welcome == ["Welcome.html", "welcome.html", "index.html"])
    #expect(rules.directoryListing == .off)
    #expect(rules.enabledMethods.isEmpty)
    #expect(rules.dnsLookup == false)
    #expect(rules.tuning == ServerTuning())
}

@Test(arguments: [
    ("Frobnicate on\n", 1, "unknown directive 'Frobnicate'"),
    ("UserDir public_html\n", 1, "not supported"),
    ("Protect /a/* nosuch\n", 1, "protection 'nosuch' is not defined"),
    ("Protect /a/*\n", 1, "needs a DefProt"),
    ("Map /a/*\n", 1, "Map TEMPLATE RESULT"),
    ("Port eighty\n", 1, "Port NUMBER"),
    ("Protection p {\nServerId X\n", 1, "block opened at line 1 is not closed"),
    ("Pass /*\n}\n", 2, "'}' closes no block"),
    ("Protection p {\nServerId X\nBogus y\n}\n", 3, "unknown setup directive"),
    ("Protection p {\nServerId X\n}\nProtection P {\nServerId Y\n}\n", 4, "already defined"),
    ("Enable PATCH\n", 1, "unknown method"),
    ("DirAccess maybe\n", 1, "On, Off or Selective"),
    ("IdleTimeout 0\n", 1, "IdleTimeout NUMBER"),
    ("ProxyDestinations 10.0.0.0/33\n", 1, "prefix length"),
    ("Exec /cgi/* /srv/cgi/*\n", 1, "not supported"),
])
func ruleFile_reportsErrorsWithLine(text: String, line: Int, fragment: String) {
    do {
        _ = try RuleFile.parse(text, path: "/srv/httpd.conf")
        Issue.record("accepted")
    } catch {
        #expect(error.diagnostics.first?.location.line == line)
        #expect(error.diagnostics.first?.message.contains(fragment) == true, "\(error)")
        #expect(error.description.hasPrefix("/srv/httpd.conf:\(line): "))
    }
}

/// A missing `}` is one error, at the line that opened the block: the setup lines after the
/// opener are its body, and the lines after them are rules again (no "unknown setup directive"
/// for each, and no "not defined" for the rules that name the setup).
@Test(arguments: [
    ("Protection p {\n  ServerId P\n  PasswordFile passwd\n  GetMask a,\n     b\nProtect /p/* p\nPass /* /www/*\n", 1, ""),
    ("Protection p {\n  ServerId P\nDefProt /d/* p\nProtect /d/x/*\nPass /* /www/*\n", 1, ""),
    ("Protection p {\n  ServerId P\nProtection q {\n  ServerId Q\n}\nProtect /p/* p\nProtect /q/* q\nPass /*\n", 1,
     " before the block opened at line 3"),
    ("Pass /*\nProtect /i/* {\n  ServerId I\n  Mask ann\n", 2, ""),
])
func ruleFile_unclosedBlockIsOneErrorAtItsOpeningLine(text: String, line: Int, detail: String) {
    let error = #expect(throws: ProtectionFileError.self) {
        try RuleFile.parse(text, path: "/srv/httpd.conf")
    }
    #expect(error?.diagnostics.map(\.description)
            == ["/srv/httpd.conf:\(line): block opened at line \(line) is not closed: no line starting with '}' follows it\(detail)"])
}

/// A setup block with an error is reported once; the rules naming it add nothing.
@Test func ruleFile_brokenSetupIsNotReportedAgainWhereItIsUsed() {
    let error = #expect(throws: ProtectionFileError.self) {
        try RuleFile.parse("Protection p {\n  PasswordFile passwd\n}\nDefProt /d/* p\nProtect /d/x/*\nProtect /p/* p\nPass /*\n", path: "/c")
    }
    #expect(error?.diagnostics.map(\.description) == ["/c:1: setup 'p' has no ServerId (the realm shown to users)"])
}

@Test func ruleFile_reportsEveryErrorNotJustTheFirst() {
    do {
        _ = try RuleFile.parse("Bogus 1\nPass /*\nAlso 2\n", path: "/c")
        Issue.record("accepted")
    } catch {
        #expect(error.diagnostics.map(\.location.line) == [1, 3])
    }
}

@Test func loader_warnsAboutProtectionAfterPass() throws {
    let fs = Fixture.fileSystem(conf: "Protection t {\nServerId T\n}\nPass /*\nProtect /p/* t\n")
    let snapshot = try Fixture.snapshot(fs)
    #expect(snapshot.warnings.map(\.location.line) == [5])
    #expect(snapshot.warnings.first?.message.contains("never reached") == true)
}

@Test func loader_reportsMissingFilesAtTheLineThatNamesThem() {
    let fs = Fixture.fileSystem(conf: "Protection t {\nServerId T\nPasswordFile nothere\n}\nProtect /p/* setups/missing.setup\nPass /*\n")
    do {
        _ = try Fixture.snapshot(fs)
        Issue.record("loaded")
    } catch let error as ProtectionFileError {
        let lines = error.diagnostics.map { "\($0.location)" }
        #expect(lines.contains("/srv/conf/httpd.conf:5"))
        #expect(lines.contains("/srv/conf/httpd.conf:1"))
    } catch {
        Issue.record("\(error)")
    }
}
