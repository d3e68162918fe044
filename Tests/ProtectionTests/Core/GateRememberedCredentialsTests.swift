import Synchronization
import Testing
@testable import Protection

/// A verifier that hashes for real, counts the checks and remembers headers that verified, as the
/// server's per-loop verifier does.
final class RememberingVerifier: PasswordVerifier {
    private let state = Mutex<(checks: Int, remembered: [String: String])>((0, [:]))
    /// When set, every header is "remembered" as this user (to check what the Gate still asks).
    let forcedUser: String?

    init(forcedUser: String? = nil) { self.forcedUser = forcedUser }

    var checks: Int { state.withLock { $0.checks } }

    func verify(user: String, password: [UInt8], in file: PasswordFile) -> PasswordCheck {
        state.withLock { $0.checks += 1 }
        return HashingVerifier().verify(user: user, password: password, in: file)
    }

    func rememberedUser(forHeader header: String, in file: PasswordFile) -> String? {
        forcedUser ?? state.withLock { $0.remembered[header + "\u{0}" + file.path] }
    }

    func remember(header: String, verifiedAs user: String, in file: PasswordFile) {
        state.withLock { $0.remembered[header + "\u{0}" + file.path] = user }
    }
}

extension GateTests {
    @Test func rememberedHeader_isNotCheckedAgain_andStillAllowed() throws {
        let verifier = RememberingVerifier()
        let first = try Fixture.decide(fs, path: "/m/doc.html", credentials: Fixture.basic("ann:annpw"), verifier: verifier)
        #expect(first.outcome == .allow(user: "ann"))
        #expect(verifier.checks == 1)
        let again = try Fixture.decide(fs, path: "/m/doc.html", credentials: Fixture.basic("ann:annpw"), verifier: verifier)
        #expect(again.outcome == .allow(user: "ann"))
        #expect(verifier.checks == 1, "a remembered header skips the check")
        #expect(again.trace.contains { $0.step == "2–7" && $0.verdict == .passed })
    }

    @Test func wrongPassword_isNeverRemembered() throws {
        let verifier = RememberingVerifier()
        for _ in 0..<2 {
            let d = try Fixture.decide(fs, path: "/m/doc.html", credentials: Fixture.basic("ann:wrong"), verifier: verifier)
            #expect(d.outcome == .challenge(realm: "MaskRealm"))
        }
        #expect(verifier.checks == 2)
    }

    @Test func rememberedUser_stillFacesTheMask() throws {
        // carl is not in staff: remembering who sent a header does not skip step 8.
        let d = try Fixture.decide(fs, path: "/m/doc.html", credentials: Fixture.basic("carl:carlpw"), verifier: RememberingVerifier(forcedUser: "carl"))
        #expect(d.outcome == .challenge(realm: "MaskRealm"))
        #expect(d.authenticatedUser == "carl")
    }
}
