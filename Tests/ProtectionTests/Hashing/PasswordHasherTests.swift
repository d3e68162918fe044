import Testing
@testable import Protection

@Suite struct PasswordHasherTests {
    static let password = Array("round trip ✓ 42".utf8)

    @Test(arguments: [
        (PasswordHasher.Scheme.bcrypt(cost: 4), "$2y$04$"), (.yescrypt, "$y$"), (.sha512, "$6$"), (.des, ""), (.apr1, "$apr1$"),
    ])
    func hash_roundTrips(scheme: PasswordHasher.Scheme, prefix: String) throws {
        let field = try PasswordHasher.hash(Self.password, scheme: scheme)
        #expect(field.hasPrefix(prefix))
        let hash = PasswordHash(field: field)
        #expect(hash.isUsable)
        #expect(hash.verify(Self.password))
        #expect(!hash.verify(Array("Round trip ✓ 42".utf8)))
        #expect(!hash.verify([]))
        // A fresh salt each time.
        #expect(try PasswordHasher.hash(Self.password, scheme: scheme) != field)
    }

    @Test func hash_defaultSchemeIsBcryptCost10() throws {
        #expect(PasswordHasher.Scheme.default == .bcrypt(cost: 10))
        let field = try PasswordHasher.hash(Self.password, scheme: .default)
        #expect(field.hasPrefix("$2y$10$"))
        #expect(field.utf8.count == 60)
        #expect(PasswordHash(field: field).verify(Self.password))
    }

    @Test func hash_desIsClassicThirteenCharacters() throws {
        // csys_crypt_gensalt("") selects libxcrypt's default method, so the salt is ours.
        let field = try PasswordHasher.hash(Array("despass1".utf8), scheme: .des)
        #expect(field.utf8.count == 13)
        #expect(PasswordHash(field: field) == .des(field))
        #expect(PasswordHash(field: field).verify(Array("despass1 plus ignored".utf8)))
    }

    @Test(arguments: [(PasswordHasher.Scheme.bcrypt(cost: 4), 72), (.des, 8)])
    func significantPasswordLength_isWhatTheSchemeReallyUses(scheme: PasswordHasher.Scheme, length: Int) throws {
        #expect(scheme.significantPasswordLength == length)
        let prefix = [UInt8](repeating: UInt8(ascii: "p"), count: length)
        let hash = PasswordHash(field: try PasswordHasher.hash(prefix + Array("tail one".utf8), scheme: scheme))
        #expect(hash.verify(prefix + Array("another tail".utf8)))
        #expect(!hash.verify(Array(prefix.dropLast()) + [UInt8(ascii: "q")]))
    }

    @Test(arguments: [PasswordHasher.Scheme.yescrypt, .sha512, .apr1])
    func significantPasswordLength_isNilWhenEveryByteCounts(scheme: PasswordHasher.Scheme) throws {
        #expect(scheme.significantPasswordLength == nil)
        let long = [UInt8](repeating: UInt8(ascii: "p"), count: 100)
        let hash = PasswordHash(field: try PasswordHasher.hash(long, scheme: scheme))
        #expect(!hash.verify(Array(long.dropLast()) + [UInt8(ascii: "q")]))
    }

    @Test(arguments: [
        (Array("pass\u{0}word".utf8), PasswordHasher.Scheme.bcrypt(cost: 4), HashingError.passwordContainsNUL),
        ([0], .apr1, .passwordContainsNUL),
        ([UInt8](repeating: 0x61, count: PasswordHash.maxPasswordLength + 1), .sha512,
            .passwordTooLong(limit: PasswordHash.maxPasswordLength)),
        ([], .des, .emptyPasswordWithDES),
        (Array("pw".utf8), .bcrypt(cost: 3), .invalidBcryptCost(3)),
        (Array("pw".utf8), .bcrypt(cost: 32), .invalidBcryptCost(32)),
    ])
    func hash_refusesBadInput(password: [UInt8], scheme: PasswordHasher.Scheme, error: HashingError) {
        #expect(throws: error) { try PasswordHasher.hash(password, scheme: scheme) }
    }

    @Test(arguments: [PasswordHasher.Scheme.bcrypt(cost: 4), .yescrypt, .sha512, .des, .apr1])
    func hash_acceptsPasswordsUpToTheLimit(scheme: PasswordHasher.Scheme) throws {
        let longest = [UInt8](repeating: UInt8(ascii: "L"), count: PasswordHash.maxPasswordLength)
        let hash = PasswordHash(field: try PasswordHasher.hash(longest, scheme: scheme))
        #expect(hash.verify(longest))
        #expect(!hash.verify(longest + [UInt8(ascii: "L")]))
    }

    @Test(arguments: [PasswordHasher.Scheme.bcrypt(cost: 4), .yescrypt, .sha512, .apr1])
    func hash_acceptsTheEmptyPasswordOutsideDES(scheme: PasswordHasher.Scheme) throws {
        let hash = PasswordHash(field: try PasswordHasher.hash([], scheme: scheme))
        #expect(hash.verify([]))
        #expect(!hash.verify([UInt8(ascii: " ")]))
    }

    @Test(arguments: [
        (HashingError.passwordContainsNUL, "the password contains a NUL byte"),
        (.passwordTooLong(limit: 511), "the password is longer than 511 bytes"),
        (.emptyPasswordWithDES, "DES crypt cannot store an empty password"),
        (.invalidBcryptCost(3), "bcrypt cost 3 is outside 4...31"),
        (.saltGenerationFailed(.yescrypt), "could not generate a salt for yescrypt"),
        (.hashingFailed(.des), "could not hash the password with DES crypt"),
    ])
    func description_saysWhatWentWrong(error: HashingError, text: String) {
        #expect(error.description == text)
    }
}
