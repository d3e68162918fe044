import Testing
@testable import Protection

/// Refusing an unknown user must take as long as refusing a known user with a wrong password,
/// or the time of a 401 tells an attacker which user names exist. Medians over 200 tries each.
struct TimingTests {
    static let tries = 200

    /// Medians of two measurements taken alternately, so drift in the machine's load hits both.
    func medians(_ a: () -> Void, _ b: () -> Void) -> (Double, Double) {
        var first: [Double] = []
        var second: [Double] = []
        let clock = ContinuousClock()
        func seconds(_ d: Duration) -> Double { Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18 }
        for _ in 0..<TimingTests.tries {
            first.append(seconds(clock.measure(a)))
            second.append(seconds(clock.measure(b)))
        }
        first.sort()
        second.sort()
        return (first[first.count / 2], second[second.count / 2])
    }

    /// Slow schemes only: for microsecond hashes ($apr1$) scheduling noise is larger than the
    /// difference this test looks for.
    @Test(arguments: [PasswordHasher.Scheme.bcrypt(cost: 4), .sha512])
    func unknownUserCostsTheSameAsAWrongPassword(scheme: PasswordHasher.Scheme) throws {
        let text = try ["ann", "bob"].map { "\($0):\(try PasswordHasher.hash(Array("\($0)-secret".utf8), scheme: scheme))\n" }.joined()
        let (file, _) = try PasswordFile.parse(text, path: "/p")
        let verifier = HashingVerifier()
        let wrong = Array("not-the-password".utf8)
        // Interleave the two measurements' warm-up so neither side profits from a warmer cache.
        _ = verifier.verify(user: "ann", password: wrong, in: file)
        _ = verifier.verify(user: "zed", password: wrong, in: file)
        let (known, unknown) = medians({ _ = verifier.verify(user: "ann", password: wrong, in: file) },
                                       { _ = verifier.verify(user: "zed", password: wrong, in: file) })
        let ratio = unknown / known
        #expect(ratio > 0.75 && ratio < 1.33, "known \(known)s, unknown \(unknown)s, ratio \(ratio)")
    }
}
