import Transport

/// A certificate, key or CA file that cannot be used, naming the file and what is wrong with it.
public struct TLSConfigurationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong with the file.
    public enum Problem: Sendable, Hashable {
        /// It cannot be read: missing, unreadable, a directory, or larger than
        /// `TLSLimits.maxPEMFileBytes` (`EFBIG`).
        case unreadable(Errno)
        /// It holds no PEM block at all (no `-----BEGIN` line).
        case notPEM
        /// It is PEM but holds no certificate (or a certificate OpenSSL cannot parse).
        case noCertificate
        /// It holds more than `TLSLimits.maxChainCertificates` certificates.
        case tooManyCertificates
        /// It is PEM but holds no private key (or one OpenSSL cannot parse).
        case noPrivateKey
        /// The private key is encrypted; the server cannot prompt for a passphrase.
        case encryptedPrivateKey
        /// The private key is not the key of the leaf certificate in this chain file.
        case keyDoesNotMatch(certificateChainPath: String)
        /// OpenSSL refused what it holds (e.g. a key too small for security level 2).
        case rejected
        /// A server context was asked for with no certificate pair at all.
        case noCertificatePairs
    }

    /// The file at fault.
    public let path: String
    /// What is wrong with it.
    public let problem: Problem
    /// OpenSSL's error text when it said more, else empty.
    public let openSSLDetail: String

    /// Describes a problem with the file at `path`.
    public init(path: String, problem: Problem, openSSLDetail: String = "") {
        self.path = path
        self.problem = problem
        self.openSSLDetail = openSSLDetail
    }

    /// Takes what OpenSSL queued (if anything) as the detail.
    init(path: String, problem: Problem, queued: OpenSSLErrorQueue.Entry?) {
        self.init(path: path, problem: problem, openSSLDetail: queued?.text ?? "")
    }

    /// "/etc/tls/key.pem: private key does not match the certificate in /etc/tls/chain.pem".
    public var description: String {
        let what = switch problem {
        case .unreadable(let error): "cannot read the file: \(error)"
        case .notPEM: "not a PEM file (no -----BEGIN line)"
        case .noCertificate: "no certificate in the file"
        case .tooManyCertificates: "more than \(TLSLimits.maxChainCertificates) certificates in the chain"
        case .noPrivateKey: "no private key in the file"
        case .encryptedPrivateKey: "the private key is encrypted (a passphrase cannot be asked for)"
        case .keyDoesNotMatch(let chain): "private key does not match the certificate in \(chain)"
        case .rejected: "OpenSSL refused it"
        case .noCertificatePairs: "no certificate configured"
        }
        let place = path.isEmpty ? "TLS" : path
        return openSSLDetail.isEmpty ? "\(place): \(what)" : "\(place): \(what) (\(openSSLDetail))"
    }
}
