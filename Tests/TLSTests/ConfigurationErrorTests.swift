import Testing
import Transport
@testable import TLS

@Suite struct ConfigurationErrorTests {
    static var fixture: CertificateFixture { .shared }

    /// The error a server context built from one pair throws.
    private func error(chain: String, key: String) -> TLSConfigurationError? {
        do {
            _ = try TLSContext(certificates: [TLSCertificatePair(certificateChainPath: chain, privateKeyPath: key)])
            return nil
        } catch {
            return error
        }
    }

    @Test func missingChainFile_isNamedAsUnreadable() throws {
        let failure = try #require(error(chain: Self.fixture.missingPath, key: Self.fixture.localhostKey))
        #expect(failure.path == Self.fixture.missingPath)
        #expect(failure.problem == .unreadable(.noSuchFile))
        #expect(failure.description.hasPrefix(Self.fixture.missingPath + ": cannot read the file"))
    }

    @Test func missingKeyFile_isNamedAsUnreadable() throws {
        let failure = try #require(error(chain: Self.fixture.localhostChain, key: Self.fixture.missingPath))
        #expect(failure.path == Self.fixture.missingPath)
        #expect(failure.problem == .unreadable(.noSuchFile))
    }

    @Test func directoryAsChain_isUnreadable() throws {
        let failure = try #require(error(chain: Self.fixture.directory, key: Self.fixture.localhostKey))
        #expect(failure.problem == .unreadable(.isDirectory))
    }

    @Test func garbageChain_isNotPEM() throws {
        let failure = try #require(error(chain: Self.fixture.garbagePath, key: Self.fixture.localhostKey))
        #expect(failure.path == Self.fixture.garbagePath)
        #expect(failure.problem == .notPEM)
        #expect(failure.description == Self.fixture.garbagePath + ": not a PEM file (no -----BEGIN line)")
    }

    @Test func garbageKey_isNotPEM() throws {
        let failure = try #require(error(chain: Self.fixture.localhostChain, key: Self.fixture.garbagePath))
        #expect(failure.path == Self.fixture.garbagePath)
        #expect(failure.problem == .notPEM)
    }

    @Test func keyAsChain_hasNoCertificate() throws {
        let failure = try #require(error(chain: Self.fixture.keyOnlyPath, key: Self.fixture.localhostKey))
        #expect(failure.path == Self.fixture.keyOnlyPath)
        #expect(failure.problem == .noCertificate)
    }

    @Test func certificateAsKey_hasNoPrivateKey() throws {
        let certificateOnly = Self.fixture.altChain
        let failure = try #require(error(chain: Self.fixture.localhostChain, key: certificateOnly))
        #expect(failure.path == certificateOnly)
        #expect(failure.problem == .noPrivateKey)
    }

    @Test func mismatchedKey_namesTheKeyAndTheChain() throws {
        let failure = try #require(error(chain: Self.fixture.localhostChain, key: Self.fixture.altKey))
        #expect(failure.path == Self.fixture.altKey)
        #expect(failure.problem == .keyDoesNotMatch(certificateChainPath: Self.fixture.localhostChain))
        #expect(failure.description == "\(Self.fixture.altKey): private key does not match the certificate in \(Self.fixture.localhostChain)")
    }

    @Test func corruptCertificateBlock_isReportedWithOpenSSLsReason() throws {
        let path = Self.fixture.directory + "/corrupt.pem"
        try Self.fixture.write("-----BEGIN CERTIFICATE-----\nTm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n", to: "corrupt.pem")
        let failure = try #require(error(chain: path, key: Self.fixture.localhostKey))
        #expect(failure.problem == .noCertificate)
        #expect(!failure.openSSLDetail.isEmpty)
    }

    @Test func encryptedKey_isRefusedWithoutPrompting() throws {
        let path = Self.fixture.encryptedKey
        let failure = try #require(error(chain: Self.fixture.localhostChain, key: path))
        #expect(failure.problem == .encryptedPrivateKey)
    }

    @Test func combinedFile_servesAsBothChainAndKey() throws {
        let path = Self.fixture.directory + "/combined.pem"
        let chain = try FileSystem.readWholeFile(Self.fixture.localhostChain, limit: 1 << 20)
        let key = try FileSystem.readWholeFile(Self.fixture.localhostKey, limit: 1 << 20)
        try Self.fixture.write(bytes: key + chain, to: path)
        #expect(error(chain: path, key: path) == nil)
    }

    @Test func emptyPairList_isRefused() {
        #expect(throws: TLSConfigurationError(path: "", problem: .noCertificatePairs)) {
            try TLSContext(certificates: [])
        }
    }

    @Test func clientCAFile_errorsNameTheFile() {
        #expect(throws: TLSConfigurationError(path: Self.fixture.garbagePath, problem: .notPEM)) {
            try TLSContext(clientTrusting: Self.fixture.garbagePath)
        }
    }
}
