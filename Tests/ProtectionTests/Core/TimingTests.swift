import Testing
@testable import Protection

/// Refusing an unknown user must take as long as refusing a known user with a wrong password,
/// or the time of a 401 tells an attacker which user names exist (issue 16, item 2). These
/// tests hold the mechanism — an unknown user's password is hashed, against the costliest hash
/// of the file. The times themselves are measured by `Benchmarks/timing`, not asserted here.
struct TimingTests {
    /// Hashes for `user-secret` at bcrypt costs 4 and 8, made now with the project's hasher.
    static func mixedCostFile() throws -> PasswordFile {
        let lines = try [("ann", 4), ("bob", 8), ("carl", 4)].map { user, cost in
            "\(user):\(try PasswordHasher.hash(Array("\(user)-secret".utf8), scheme: .bcrypt(cost: cost)))\n"
        }
        return try PasswordFile.parse(lines.joined(), path: "/p").0
    }

    @Test func timingReference_isTheCostliestHashOfAMixedCostFile() throws {
        let file = try Self.mixedCostFile()
        // The first hash (cost 4) was the reference before: an unknown user cost a sixteenth.
        #expect(file.timingReference == file.entry(for: "bob")?.hash)
    }

    /// An unknown user is hashed exactly once, like a known user's wrong password — and refused
    /// even with the reference user's own password (the dummy check's result is ignored).
    @Test(arguments: [("zed", "bob-secret", "no user 'zed' in /p"), ("bob", "wrong", "wrong password for 'bob'")])
    func refusal_hashesOnce(user: String, password: String, reason: String) throws {
        let file = try Self.mixedCostFile()
        let counter = VerificationCounter()
        let answer = counter.counting { HashingVerifier().verify(user: user, password: Array(password.utf8), in: file) }
        #expect(answer == .invalid(reason: reason))
        #expect(counter.value == 1)
    }

    @Test func fileWithoutUsableHashes_usesTheBcryptDummy() throws {
        let (file, _) = try PasswordFile.parse("ann:*\nbob:{PLAIN}x\n", path: "/p")
        #expect(file.timingReference == PasswordHash.timingDummy)
    }

    /// Shape-valid stored hashes (the classifier checks shape only), cheapest first: the order
    /// `PasswordHash.estimatedCostMicroseconds` documents.
    static let byCost: [String] = [
        "{SHA}" + "qUqP5cyxm6YcTAhz05Hph5gvu9M=",
        "abJnggxhB/yWI",
        "$apr1$abcdefgh$" + String(repeating: "a", count: 22),
        "$6$saltsalt$" + String(repeating: "b", count: 86),
        "$5$rounds=20000$saltsalt$" + String(repeating: "c", count: 43),
        "$2y$08$" + String(repeating: "d", count: 53),
        "$y$j9T$saltsaltsalt$" + String(repeating: "e", count: 43),
        "$2y$10$" + String(repeating: "f", count: 53),
        "$y$jBT$saltsaltsalt$" + String(repeating: "g", count: 43),
        "$2y$12$" + String(repeating: "h", count: 53),
    ]

    @Test func estimatedCost_ordersSchemesAndParameters() {
        let hashes = Self.byCost.map(PasswordHash.init(field:))
        #expect(hashes.allSatisfy { $0.isUsable }, "\(hashes)")
        let costs = hashes.map(\.estimatedCostMicroseconds)
        #expect(costs == costs.sorted() && Set(costs).count == costs.count, "\(costs)")
    }

    @Test func timingReference_picksAcrossSchemes() throws {
        // In reverse order, so "the first usable" would pick the cheapest.
        let text = Self.byCost.reversed().enumerated().map { "u\($0):\($1)\n" }.joined()
        let shuffled = Self.byCost.dropLast().reversed().enumerated().map { "u\($0):\($1)\n" }.joined() + "z:\(Self.byCost.last!)\n"
        for input in [text, shuffled] {
            let (file, _) = try PasswordFile.parse(input, path: "/p")
            #expect(file.timingReference == PasswordHash(field: Self.byCost.last!))
        }
    }
}
