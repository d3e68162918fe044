import CTLS

/// What `gatehouse check` reports about a certificate pair, without building a server context:
/// the leaf's names and validity, the chain's length, and whether the key belongs to the leaf.
public struct TLSCertificateInfo: Sendable, Hashable {
    /// The files read.
    public let pair: TLSCertificatePair
    /// The leaf certificate (the chain file's first).
    public let leaf: TLSCertificateDetails
    /// How many certificates the chain file holds, the leaf included.
    public let chainLength: Int
    /// Whether the private key is the leaf's; a server context refuses the pair when it is not.
    public let keyMatchesCertificate: Bool

    /// Reads both files. Throws only when a file cannot be read or parsed; a key that does not
    /// match is reported in `keyMatchesCertificate`.
    public init(_ pair: TLSCertificatePair) throws(TLSConfigurationError) {
        let loaded = try LoadedCertificatePair(pair)
        self.pair = pair
        leaf = TLSCertificateDetails(certificate: loaded.leaf)
        chainLength = 1 + loaded.intermediates.count
        keyMatchesCertificate = loaded.keyMatchesLeaf
    }

    /// The leaf's standing at `unixSeconds`, warning `warningSeconds` before it expires.
    public func status(atUnixTime unixSeconds: Int64, warningSeconds: Int64 = TLSLimits.expiryWarningSeconds) -> TLSCertificateStatus {
        // Expiry first: a certificate past `notAfter` is expired whatever its start says.
        if unixSeconds >= leaf.notAfter { return .expired }
        if unixSeconds < leaf.notBefore { return .notYetValid }
        let left = leaf.notAfter - unixSeconds
        return left <= warningSeconds ? .expiresSoon(secondsLeft: left) : .valid
    }
}
