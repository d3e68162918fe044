import Foundation
import Testing
@testable import TLS

@Suite struct CertificateInfoTests {
    static var fixture: CertificateFixture { .shared }
    static let day: Int64 = 86_400
    static var now: Int64 { Int64(Date().timeIntervalSince1970) }

    private func info(_ chain: String, _ key: String) throws -> TLSCertificateInfo {
        try TLSCertificateInfo(TLSCertificatePair(certificateChainPath: chain, privateKeyPath: key))
    }

    @Test func info_readsNamesValidityAndChainLength() throws {
        let info = try info(Self.fixture.localhostChain, Self.fixture.localhostKey)
        #expect(info.leaf.commonName == "localhost")
        #expect(info.leaf.dnsNames == ["localhost"])
        #expect(info.chainLength == 2)
        #expect(info.keyMatchesCertificate)
        // Made with -days 30 moments ago (allow the minutes a slow run takes).
        #expect(abs(info.leaf.notBefore - Self.now) < 3600)
        #expect(info.leaf.notAfter - info.leaf.notBefore == 30 * Self.day)
        #expect(info.status(atUnixTime: Self.now) == .valid)
    }

    @Test func info_readsEveryDNSName() throws {
        let info = try info(Self.fixture.altChain, Self.fixture.altKey)
        #expect(info.leaf.dnsNames == ["alt.test", "*.alt.test"])
        #expect(info.chainLength == 1)
    }

    @Test func info_reportsAFiveDayCertificateAsExpiringSoon() throws {
        let info = try info(Self.fixture.shortLivedChain, Self.fixture.directory + "/short.key")
        guard case .expiresSoon(let left) = info.status(atUnixTime: Self.now) else {
            Issue.record("expected expiresSoon, got \(info.status(atUnixTime: Self.now))")
            return
        }
        #expect(left > 4 * Self.day && left <= 5 * Self.day)
        #expect(info.status(atUnixTime: Self.now, warningSeconds: Self.day) == .valid)
    }

    @Test func info_reportsAnExpiredCertificate() throws {
        let info = try info(Self.fixture.expiredChain, Self.fixture.directory + "/expired.key")
        #expect(info.leaf.notAfter < Self.now)
        #expect(info.status(atUnixTime: Self.now) == .expired)
    }

    @Test func info_reportsANotYetValidCertificate() throws {
        let info = try info(Self.fixture.localhostChain, Self.fixture.localhostKey)
        #expect(info.status(atUnixTime: info.leaf.notBefore - 1) == .notYetValid)
    }

    @Test func info_reportsAMismatchedPairWithoutThrowing() throws {
        let info = try info(Self.fixture.localhostChain, Self.fixture.altKey)
        #expect(info.keyMatchesCertificate == false)
    }

    @Test(arguments: [
        (1970, 1, 1, 0), (2000, 3, 1, 11_017), (1969, 12, 31, -1), (2024, 2, 29, 19_782), (2100, 1, 1, 47_482),
    ] as [(Int64, Int64, Int64, Int64)])
    func civilDate_countsDaysFromTheEpoch(year: Int64, month: Int64, day: Int64, expected: Int64) {
        #expect(CivilDate.daysSinceEpoch(year: year, month: month, day: day) == expected)
    }
}
