import CTLS

/// One digest computation on the system's libcrypto (OpenSSL 3 EVP): the algorithm is fetched
/// once per process, each computation owns an `EVP_MD_CTX`. Gatehouse writes no hash function of
/// its own; this is the one door to them for the legacy password formats.
///
/// `@unchecked Sendable`: a context is used by one computation on one thread at a time (the
/// value types that hold it are never shared while in use).
public final class LibCryptoDigest: @unchecked Sendable {
    /// An algorithm fetched from the default provider.
    public struct Algorithm: @unchecked Sendable {
        fileprivate let md: OpaquePointer
        /// Digest length in bytes.
        let length: Int

        static let md5 = Algorithm(fetching: "MD5")
        static let sha1 = Algorithm(fetching: "SHA1")

        private init(fetching name: String) {
            // MD5 and SHA-1 are in OpenSSL 3's default provider; without them libcrypto is broken.
            guard let md = EVP_MD_fetch(nil, name, nil) else { fatalError("libcrypto has no \(name) digest") }
            self.md = md
            length = Int(EVP_MD_get_size(md))
        }
    }

    private let context: OpaquePointer
    private let algorithm: Algorithm

    /// A fresh computation of `algorithm`.
    init(_ algorithm: Algorithm) {
        guard let context = EVP_MD_CTX_new(), EVP_DigestInit_ex2(context, algorithm.md, nil) == 1 else {
            fatalError("libcrypto cannot start a digest (out of memory)")
        }
        self.context = context
        self.algorithm = algorithm
    }

    deinit { EVP_MD_CTX_free(context) }

    /// Appends `bytes`.
    func update<Bytes: Collection>(_ bytes: Bytes) where Bytes.Element == UInt8 {
        let handled: Void? = bytes.withContiguousStorageIfAvailable { update(UnsafeRawBufferPointer($0)) }
        if handled == nil { Array(bytes).withUnsafeBytes { update($0) } }
    }

    /// Appends `bytes`.
    func update(_ bytes: UnsafeRawBufferPointer) {
        guard !bytes.isEmpty else { return }
        _ = EVP_DigestUpdate(context, bytes.baseAddress, bytes.count)
    }

    /// The digest of everything appended; the context starts again empty.
    func finalize() -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: algorithm.length)
        var length: UInt32 = 0
        _ = digest.withUnsafeMutableBufferPointer { EVP_DigestFinal_ex(context, $0.baseAddress, &length) }
        _ = EVP_DigestInit_ex2(context, algorithm.md, nil)
        return digest
    }
}

/// A digest algorithm libcrypto provides, as a type (so `MD5()` and `SHA1()` read as before).
public protocol DigestAlgorithm: Sendable {
    /// The fetched algorithm.
    static var algorithm: LibCryptoDigest.Algorithm { get }
}

/// A message digest from libcrypto: `update` any number of times, then `finalize`.
public struct MessageDigest<Kind: DigestAlgorithm>: Sendable {
    /// Digest length in bytes.
    public static var digestLength: Int { Kind.algorithm.length }

    private let digest = LibCryptoDigest(Kind.algorithm)

    /// Starts an empty message.
    public init() {}

    /// Appends `bytes` to the message.
    public mutating func update<Bytes: Collection>(_ bytes: Bytes) where Bytes.Element == UInt8 { digest.update(bytes) }

    /// Finishes the message and returns its digest.
    public consuming func finalize() -> [UInt8] { digest.finalize() }

    /// The digest of `bytes` in one call.
    public static func hash<Bytes: Collection>(_ bytes: Bytes) -> [UInt8] where Bytes.Element == UInt8 {
        var digest = MessageDigest()
        digest.update(bytes)
        return digest.finalize()
    }
}

/// MD5 (RFC 1321), needed only by a legacy format: Apache `$apr1$` hashes. Not for new secrets.
public enum MD5Algorithm: DigestAlgorithm {
    public static var algorithm: LibCryptoDigest.Algorithm { .md5 }
}

/// SHA-1 (FIPS 180-4), needed only by legacy formats: `{SHA}` and `{SSHA}` password hashes.
public enum SHA1Algorithm: DigestAlgorithm {
    public static var algorithm: LibCryptoDigest.Algorithm { .sha1 }
}

/// MD5 from libcrypto.
public typealias MD5 = MessageDigest<MD5Algorithm>
/// SHA-1 from libcrypto.
public typealias SHA1 = MessageDigest<SHA1Algorithm>
