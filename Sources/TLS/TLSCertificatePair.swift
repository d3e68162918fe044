/// Where one certificate and its key live: a PEM chain file (the leaf first, then the
/// intermediates that lead to a trusted root, as nginx's `ssl_certificate`) and a PEM private
/// key file (`ssl_certificate_key`). Both may name the same file.
public struct TLSCertificatePair: Sendable, Hashable {
    /// The PEM file holding the leaf certificate followed by its intermediates.
    public let certificateChainPath: String
    /// The PEM file holding the leaf's private key (unencrypted).
    public let privateKeyPath: String

    /// Names the two files.
    public init(certificateChainPath: String, privateKeyPath: String) {
        self.certificateChainPath = certificateChainPath
        self.privateKeyPath = privateKeyPath
    }
}
