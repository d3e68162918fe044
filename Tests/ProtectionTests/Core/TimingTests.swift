import Testing
@testable import Protection

/// Refusing an unknown user must take as long as refusing a known user with a wrong password,
/// or the time of a 401 tells an attacker which user names exist. Medians over 200 tries each.
struct TimingTests {
    static let tries = 200

    func median(_ body: () -> Void) -> Double {
        var samples: [Double] = []
        samples.reserveCapacity(TimingTests.tries)
        let clock = ContinuousClock()
        for _ in 0..<TimingTests.tries {
            let elapsed = clock.measure(body)
            samples.append(Double(elapsed.components.attoseconds) / 1e18 + Double(elapsed.components.seconds))
        }
        samples.sort()
        return samples[samples.count / 2]
    }

    @Test(arguments: [PasswordHasher.Scheme.bcrypt(cost: 4), .apr1, .sha512])
    func unknownUserCostsTheSameAsAWrongPassword(scheme: PasswordHasher.Scheme) throws {
        let text = try ["ann", "bob"].map { "\($0):\(try PasswordHasher.hash(Array("\($0)-secret".utf8), scheme: scheme))\n" }.joined()
        let (file, _) = try PasswordFile.parse(text, path: "/p")
        let verifier = HashingVerifier()
        let wrong = Array("not-the-password".utf8)
        // Interleave the two measurements' warm-up so neither side profits from a warmer cache.
        _ = verifier.verify(user: "ann", password: wrong, in: file)
        _ = verifier.verify(user: "zed", password: wrong, in: file)
        let known = median { _ = verifier.verify(user: "ann", password: wrong, in: file) }
        let unknown = median { _ = verifier.verify(user: "zed", password: wrong, in: file) }
        let ratio = unknown / known
        #expect(ratio > 0.75 && ratio < 1.33, "known \(known)s, unknown \(unknown)s, ratio \(ratio)")
    }
}
