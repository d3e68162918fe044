import Foundation
import Protection
import Testing
@testable import ServerCore

struct ProtectionStoreTests {
    @Test func reloadsChangedFilesAndKeepsTheLastGoodState() throws {
        let tree = try TempTree()
        let store = try ProtectionStore(configPath: tree.config)
        guard case .unchanged = store.reloadIfChanged() else { Issue.record("reloaded without a change"); return }

        try tree.write("conf/group", "staff: ann, bob, carl\n")
        guard case .reloaded(let generation, _) = store.reloadIfChanged() else { Issue.record("no reload"); return }
        #expect(generation == 2)
        #expect(store.state.snapshot.groupFiles.values.first?.definition(of: "staff")?.description == "ann, bob, carl")

        try tree.write("conf/group", "staff: (ann\n")
        guard case .failed(let errors) = store.reloadIfChanged() else { Issue.record("broken file loaded"); return }
        #expect(errors.first?.description.hasPrefix(tree.root + "/conf/group:1: ") == true)
        #expect(store.state.generation == 2)
        // The same broken edit is reported once, not on every poll.
        guard case .unchanged = store.reloadIfChanged() else { Issue.record("reported twice"); return }
    }

    @Test func aclCacheSeesEditsAfterRevalidation() throws {
        let tree = try TempTree(files: ["www/d/.www_acl": "* : GET : ann\n"])
        let cache = ACLCache()
        guard case .present(let first) = cache.aclFile(inDirectory: tree.root + "/www/d") else { Issue.record("absent"); return }
        #expect(first.entries.first?.who.description == "ann")
        #expect(cache.exists(tree.root + "/www/index.html"))
        #expect(!cache.exists(tree.root + "/www/nothere"))
        if case .absent = cache.aclFile(inDirectory: tree.root + "/www") {} else { Issue.record("found an ACL in www/") }
    }
}

struct VerifierTests {
    static let client = ClientAddress(parsing: "127.0.0.1")!

    @Test func cachesRightAndWrongAnswersByCredentialDigest() async throws {
        let text = "ann:\(try PasswordHasher.hash(Array("annpw".utf8), scheme: .apr1))\n"
        let (file, _) = try PasswordFile.parse(text, path: "/p")
        let verifier = CachingVerifier(poolSize: 1, capacity: 16)
        #expect(verifier.verify(user: "ann", password: Array("annpw".utf8), in: file) == .pending)
        for password in ["annpw", "wrong"] {
            await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
                verifier.verifyInBackground(user: "ann", password: Array(password.utf8), file: file, from: Self.client) { _ in done.resume() }
            }
        }
        #expect(verifier.verify(user: "ann", password: Array("annpw".utf8), in: file) == .valid)
        if case .invalid = verifier.verify(user: "ann", password: Array("wrong".utf8), in: file) {} else { Issue.record("wrong accepted") }
        #expect(verifier.cachedCount == 2)
    }

    /// A reload keeps what was verified for users whose hash did not change (issue 16, item 3):
    /// the answers are keyed by the user's stored hash, not by the whole file, so another user
    /// added (or any other line changed) keeps ann verified without hashing, and a changed hash,
    /// or ann removed, must be hashed again.
    @Test func cachedAnswers_surviveAReloadThatLeavesTheUsersHashAlone() async throws {
        let annLine = "ann:\(try PasswordHasher.hash(Array("annpw".utf8), scheme: .apr1)):Ann\n"
        let (file, _) = try PasswordFile.parse(annLine, path: "/p")
        let verifier = CachingVerifier(poolSize: 1, capacity: 16)
        for password in ["annpw", "wrong"] {
            await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
                verifier.verifyInBackground(user: "ann", password: Array(password.utf8), file: file, from: Self.client) { _ in done.resume() }
            }
        }
        let right = Array("annpw".utf8), wrong = Array("wrong".utf8)
        #expect(verifier.verify(user: "ann", password: right, in: file) == .valid)

        let (otherUserAdded, _) = try PasswordFile.parse("# edited\nbob:x\n" + annLine.replacingOccurrences(of: ":Ann", with: ":Ann Example"), path: "/p")
        #expect(otherUserAdded.generation != file.generation)
        #expect(verifier.verify(user: "ann", password: right, in: otherUserAdded) == .valid)
        if case .invalid = verifier.verify(user: "ann", password: wrong, in: otherUserAdded) {} else { Issue.record("wrong password forgotten") }

        let newHash = try PasswordHasher.hash(Array("annpw".utf8), scheme: .apr1)
        let (hashChanged, _) = try PasswordFile.parse("bob:x\nann:\(newHash)\n", path: "/p")
        #expect(verifier.verify(user: "ann", password: right, in: hashChanged) == .pending)
        let (annRemoved, _) = try PasswordFile.parse("bob:x\n", path: "/p")
        #expect(verifier.verify(user: "ann", password: right, in: annRemoved) == .pending)
        let (elsewhere, _) = try PasswordFile.parse(annLine, path: "/other")
        #expect(verifier.verify(user: "ann", password: right, in: elsewhere) == .pending)
    }

    @Test func perLoopVerifier_remembersHeadersThatVerified_perFileGeneration() throws {
        let (file, _) = try PasswordFile.parse("ann:x\n", path: "/p")
        let loop = CachingVerifier(sharing: CachingVerifier(poolSize: 1, capacity: 16))
        let header = "Basic YW5uOmFubnB3"
        #expect(loop.rememberedUser(forHeader: header, in: file) == nil)
        loop.remember(header: header, verifiedAs: "ann", in: file)
        #expect(loop.rememberedUser(forHeader: header, in: file) == "ann")
        #expect(loop.rememberedUser(forHeader: header + " ", in: file) == nil)
        let (changed, _) = try PasswordFile.parse("ann:y\n", path: "/p")
        #expect(loop.rememberedUser(forHeader: header, in: changed) == nil)
        // The shared verifier (no loop) remembers nothing.
        let shared = CachingVerifier(poolSize: 1, capacity: 16)
        shared.remember(header: header, verifiedAs: "ann", in: file)
        #expect(shared.rememberedUser(forHeader: header, in: file) == nil)
    }

    @Test func cacheEvictsTheOldestBeyondCapacity() throws {
        let (file, _) = try PasswordFile.parse("ann:x\n", path: "/p")
        let cache = CredentialCache(capacity: 2)
        let keys = (0..<3).map { CredentialKey(user: "ann", password: [UInt8($0)], file: file) }
        for k in keys { cache.store(k, .valid) }
        #expect(cache.count == 2)
        #expect(cache.lookup(keys[0]) == nil)
        #expect(cache.lookup(keys[2]) == .valid)
    }
}

struct AccessLogTests {
    @Test func formatsCommonLogFormatAndEscapes() {
        let e = AccessLogEntry(host: "127.0.0.1", user: "ann", time: 971_186_136, requestLine: "GET /a\"b\u{1}c HTTP/1.1", status: 200, bytes: 630)
        #expect(e.line == "127.0.0.1 - ann [10/Oct/2000:13:55:36 +0000] \"GET /a\\x22b\\x01c HTTP/1.1\" 200 630")
        let anonymous = AccessLogEntry(host: "::1", user: nil, time: 0, requestLine: "GET / HTTP/1.0", status: 304, bytes: 0)
        #expect(anonymous.line == "::1 - - [01/Jan/1970:00:00:00 +0000] \"GET / HTTP/1.0\" 304 -")
    }

    @Test(arguments: [(Int64(951_782_400), "29/Feb/2000:00:00:00 +0000"), (1_798_761_599, "31/Dec/2026:23:59:59 +0000"), (-1, "31/Dec/1969:23:59:59 +0000")])
    func formatsDates(seconds: Int64, text: String) {
        #expect(CommonLogDate.format(seconds) == text)
    }
}
