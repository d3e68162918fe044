import Testing
@testable import Protection

struct TranslatorTests {
    func rules(_ text: String) throws -> RuleFile { try RuleFile.parse(text, path: "/srv/conf/httpd.conf").0 }

    /// Reference cern §12: protection rules match the mapped path.
    @Test func protectMatchesTheMappedPath() throws {
        let r = try rules("Protection S {\nServerId S\n}\nMap /x/* /y/*\nProtect /y/* S\nPass /y/* /srv/*\n")
        let t = Translator.translate("/x/1", rules: r)
        #expect(t.outcome == .file(path: "/srv/1", passLine: 6))
        #expect(t.protection == 0)
        let r2 = try rules("Protection S {\nServerId S\n}\nMap /x/* /y/*\nProtect /x/* S\nPass /y/* /srv/*\n")
        #expect(Translator.translate("/x/1", rules: r2).protection == nil)
    }

    @Test func lastMatchingProtectWins() throws {
        let r = try rules("Protection A {\nServerId A\n}\nProtection B {\nServerId B\n}\nProtect /* A\nProtect /b/* B\nPass /*\n")
        #expect(Translator.translate("/b/x", rules: r).protection == 1)
        #expect(Translator.translate("/a/x", rules: r).protection == 0)
    }

    @Test func protectWithoutSetupTakesTheDefProtInEffectAtThatPoint() throws {
        let r = try rules("Protection D {\nServerId D\n}\nDefProt /d/* D\nProtect /*\nPass /*\n")
        #expect(Translator.translate("/d/x", rules: r).protection == 0)
        let unresolved = Translator.translate("/e/x", rules: r)
        #expect(unresolved.protection == nil)
        #expect(unresolved.protectionUnresolved)
    }

    @Test(arguments: [
        ("/secret/x", Translation.Outcome.failed(line: 1)),
        ("/go/a/b", .redirect(url: "http://example.org/a/b?q=1", permanent: false, line: 2)),
        ("/perm/a", .redirect(url: "http://example.org/a?q=1", permanent: true, line: 3)),
        ("/docs/a.html", .file(path: "/srv/www/a.html", passLine: 4)),
        ("/docs/", .file(path: "/srv/www/", passLine: 4)),
        ("/elsewhere", .noPass),
    ])
    func endsTranslation(path: String, outcome: Translation.Outcome) throws {
        let r = try rules("Fail /secret/*\nRedirect /go/* http://example.org/*\nMoved /perm/* http://example.org/*\nPass /docs/* ../www/*\n")
        #expect(Translator.translate(path, query: "q=1", rules: r).outcome == outcome)
    }
}
