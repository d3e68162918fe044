import CTLS

/// A certificate chain and its private key parsed from a `TLSCertificatePair`'s files; owns the
/// OpenSSL objects and frees them when released (contexts take their own references).
final class LoadedCertificatePair {
    /// The files this came from.
    let pair: TLSCertificatePair
    /// The leaf certificate (`X509 *`), the chain file's first.
    let leaf: OpaquePointer
    /// The rest of the chain file (`X509 *` each), in order.
    let intermediates: [OpaquePointer]
    /// The private key (`EVP_PKEY *`).
    let privateKey: OpaquePointer

    /// Parses both files; throws naming the file that cannot be used.
    init(_ pair: TLSCertificatePair) throws(TLSConfigurationError) {
        let certificates = try PEMFile.certificates(at: pair.certificateChainPath)
        do throws(TLSConfigurationError) {
            privateKey = try PEMFile.privateKey(at: pair.privateKeyPath)
        } catch {
            certificates.forEach { X509_free($0) }
            throw error
        }
        self.pair = pair
        leaf = certificates[0]
        intermediates = Array(certificates.dropFirst())
    }

    deinit {
        X509_free(leaf)
        intermediates.forEach { X509_free($0) }
        EVP_PKEY_free(privateKey)
    }

    /// Whether the private key is the leaf's (`X509_check_private_key`).
    var keyMatchesLeaf: Bool {
        OpenSSLErrorQueue.clear()
        defer { OpenSSLErrorQueue.clear() }
        return X509_check_private_key(leaf, privateKey) == 1
    }

    /// The error for a key that is not the leaf's, naming the key file.
    var keyMismatchError: TLSConfigurationError {
        TLSConfigurationError(path: pair.privateKeyPath, problem: .keyDoesNotMatch(certificateChainPath: pair.certificateChainPath))
    }
}
