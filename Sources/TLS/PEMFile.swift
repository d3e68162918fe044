import CTLS
import Transport

/// Reads certificates and keys out of PEM files, saying which file is at fault and why.
///
/// Files are read whole (bounded by `TLSLimits.maxPEMFileBytes`) through Transport and parsed
/// from memory, so a missing file, a file that is not PEM and a PEM file without the wanted
/// block are told apart, which OpenSSL's own file loaders do not do.
enum PEMFile {
    /// The certificates in `path`, in file order (the leaf first). The caller frees each with
    /// `X509_free`.
    static func certificates(at path: String) throws(TLSConfigurationError) -> [OpaquePointer] {
        var bytes = try contents(of: path)
        defer { wipe(&bytes) }
        return try withMemoryBIO(bytes, path: path) { (bio) throws(TLSConfigurationError) -> [OpaquePointer] in
            var certificates: [OpaquePointer] = []
            while true {
                OpenSSLErrorQueue.clear()
                guard let certificate = PEM_read_bio_X509(bio, nil, nil, nil) else {
                    let entry = OpenSSLErrorQueue.drain()
                    if let entry, !(entry.library == ERR_LIB_PEM && entry.reason == PEM_R_NO_START_LINE) {
                        certificates.forEach { X509_free($0) }
                        throw TLSConfigurationError(path: path, problem: .noCertificate, queued: entry)
                    }
                    break
                }
                guard certificates.count < TLSLimits.maxChainCertificates else {
                    X509_free(certificate)
                    certificates.forEach { X509_free($0) }
                    throw TLSConfigurationError(path: path, problem: .tooManyCertificates)
                }
                certificates.append(certificate)
            }
            guard !certificates.isEmpty else { throw TLSConfigurationError(path: path, problem: .noCertificate) }
            return certificates
        }
    }

    /// The first private key in `path`. The caller frees it with `EVP_PKEY_free`.
    static func privateKey(at path: String) throws(TLSConfigurationError) -> OpaquePointer {
        var bytes = try contents(of: path)
        defer { wipe(&bytes) }
        let encrypted = contains(bytes, "ENCRYPTED")
        return try withMemoryBIO(bytes, path: path) { (bio) throws(TLSConfigurationError) -> OpaquePointer in
            OpenSSLErrorQueue.clear()
            guard let key = PEM_read_bio_PrivateKey(bio, nil, refusePassphrase, nil) else {
                throw TLSConfigurationError(
                    path: path, problem: encrypted ? .encryptedPrivateKey : .noPrivateKey, queued: OpenSSLErrorQueue.drain())
            }
            return key
        }
    }

    /// The file's bytes, or why they cannot be had.
    static func contents(of path: String) throws(TLSConfigurationError) -> [UInt8] {
        do throws(Errno) {
            return try FileSystem.readWholeFile(path, limit: TLSLimits.maxPEMFileBytes)
        } catch {
            throw TLSConfigurationError(path: path, problem: .unreadable(error))
        }
    }

    /// Runs `body` with a read-only memory BIO over `bytes`, after checking they hold PEM at all.
    private static func withMemoryBIO<R>(
        _ bytes: [UInt8], path: String, _ body: (OpaquePointer) throws(TLSConfigurationError) -> R
    ) throws(TLSConfigurationError) -> R {
        guard contains(bytes, "-----BEGIN ") else { throw TLSConfigurationError(path: path, problem: .notPEM) }
        var result: Result<R, TLSConfigurationError>?
        bytes.withUnsafeBytes { raw in
            guard let bio = BIO_new_mem_buf(raw.baseAddress, Int32(raw.count)) else {
                result = .failure(TLSConfigurationError(path: path, problem: .rejected, queued: OpenSSLErrorQueue.drain()))
                return
            }
            defer { BIO_free(bio) }
            result = Result { () throws(TLSConfigurationError) -> R in try body(bio) }
        }
        // The closure above always runs and sets `result`.
        return try result!.get()
    }

    /// Whether `bytes` contain the ASCII text `needle`.
    private static func contains(_ bytes: [UInt8], _ needle: StaticString) -> Bool {
        let pattern = UnsafeBufferPointer(start: needle.utf8Start, count: needle.utf8CodeUnitCount)
        guard bytes.count >= pattern.count else { return false }
        return (0...(bytes.count - pattern.count)).contains { start in
            pattern.indices.allSatisfy { bytes[start + $0] == pattern[$0] }
        }
    }

    /// Overwrites file contents that may hold key material before the memory is released.
    private static func wipe(_ bytes: inout [UInt8]) {
        bytes.withUnsafeMutableBytes { OPENSSL_cleanse($0.baseAddress, $0.count) }
    }
}

/// The passphrase callback: none is available, so an encrypted key fails to load instead of
/// OpenSSL prompting on the server's terminal.
private let refusePassphrase: @convention(c) (UnsafeMutablePointer<CChar>?, Int32, Int32, UnsafeMutableRawPointer?) -> Int32 = { _, _, _, _ in 0 }
