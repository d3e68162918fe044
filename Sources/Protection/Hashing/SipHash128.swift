import CTLS

/// SipHash-2-4 with a 128-bit output (Aumasson and Bernstein, "SipHash: a fast short-input PRF"),
/// computed by libcrypto's `SIPHASH` MAC: a keyed pseudo-random function built for short inputs.
/// The server keys it with a random per-process key to name verified credentials in its cache
/// without keeping the passwords. Streams: `update` any number of times, then `finalize`.
public struct SipHash128: Sendable {
    /// A 128-bit key: two little-endian 64-bit words (`k0` is key bytes 0–7).
    public struct Key: Sendable, Hashable {
        public let k0: UInt64
        public let k1: UInt64

        public init(k0: UInt64, k1: UInt64) {
            self.k0 = k0
            self.k1 = k1
        }

        /// A key from the system's random source.
        public static func random() -> Key {
            var generator = SystemRandomNumberGenerator()
            return Key(k0: generator.next(), k1: generator.next())
        }

        /// The 16 key bytes in the reference order.
        var bytes: [UInt8] { Digest.littleEndian(k0) + Digest.littleEndian(k1) }
    }

    /// The 128-bit digest: `low` is output bytes 0–7 and `high` bytes 8–15, both little-endian.
    public struct Digest: Sendable, Hashable {
        public let low: UInt64
        public let high: UInt64

        /// The 16 output bytes in the reference implementation's order.
        public var bytes: [UInt8] { Digest.littleEndian(low) + Digest.littleEndian(high) }

        init(low: UInt64, high: UInt64) {
            self.low = low
            self.high = high
        }

        static func littleEndian(_ word: UInt64) -> [UInt8] {
            (0..<8).map { UInt8(truncatingIfNeeded: word >> UInt64(8 * $0)) }
        }
    }

    /// A key made ready once: a libcrypto context keyed with it, which each computation copies
    /// (`EVP_MAC_CTX_dup`) instead of building and keying its own. The template is only ever
    /// read, so threads may start computations from one `Keyed` at once.
    public final class Keyed: Sendable {
        fileprivate let template: LibCryptoMAC

        /// `key`, ready.
        public init(_ key: Key) { template = LibCryptoMAC(key: key.bytes) }
    }

    private let mac: LibCryptoMAC

    /// Starts an empty message under `key`.
    public init(key: Key) {
        mac = LibCryptoMAC(key: key.bytes)
    }

    /// Starts an empty message under a key made ready before (the cheaper way for many messages).
    public init(keyed: Keyed) {
        mac = keyed.template.copy()
    }

    /// Appends `bytes`.
    public mutating func update(_ bytes: UnsafeRawBufferPointer) { mac.update(bytes) }

    /// Appends one byte.
    public mutating func update(byte: UInt8) { withUnsafeBytes(of: byte) { mac.update($0) } }

    /// Appends the UTF-8 bytes of `text`.
    public mutating func update(utf8 text: String) {
        var text = text
        text.withUTF8 { mac.update(UnsafeRawBufferPointer($0)) }
    }

    /// Appends `bytes`.
    public mutating func update(_ bytes: [UInt8]) { bytes.withUnsafeBytes { mac.update($0) } }

    /// Finishes the message.
    public consuming func finalize() -> Digest {
        let (low, high) = mac.finalize()
        return Digest(low: low, high: high)
    }

    /// The digest of `bytes` under `key` in one call.
    public static func hash(_ bytes: [UInt8], key: Key) -> Digest {
        var hasher = SipHash128(key: key)
        hasher.update(bytes)
        return hasher.finalize()
    }
}

/// One `SIPHASH` computation on libcrypto's EVP_MAC, with a 16-byte output.
/// `@unchecked Sendable` as `LibCryptoDigest`: one computation, one thread at a time.
final class LibCryptoMAC: @unchecked Sendable {
    private struct Fetched: @unchecked Sendable {
        let mac: OpaquePointer
    }

    private static let sipHash: Fetched = {
        guard let mac = EVP_MAC_fetch(nil, "SIPHASH", nil) else { fatalError("libcrypto has no SIPHASH MAC") }
        return Fetched(mac: mac)
    }()

    private static let outputLength = 16
    private let context: OpaquePointer

    private init(context: OpaquePointer) { self.context = context }

    /// A computation in the state of this one (keyed, with what was fed so far).
    func copy() -> LibCryptoMAC {
        guard let duplicate = EVP_MAC_CTX_dup(context) else { fatalError("libcrypto cannot copy a MAC (out of memory)") }
        return LibCryptoMAC(context: duplicate)
    }

    /// A computation keyed with the 16 bytes of `key`.
    init(key: [UInt8]) {
        guard let context = EVP_MAC_CTX_new(Self.sipHash.mac) else { fatalError("libcrypto cannot start a MAC (out of memory)") }
        self.context = context
        var size = Self.outputLength
        let started = withUnsafeMutablePointer(to: &size) { sizePointer in
            "size".withCString { name in
                var parameters = [OSSL_PARAM_construct_size_t(name, sizePointer), OSSL_PARAM_construct_end()]
                return key.withUnsafeBufferPointer { EVP_MAC_init(context, $0.baseAddress, $0.count, &parameters) }
            }
        }
        guard started == 1 else { fatalError("libcrypto refused a 16-byte SIPHASH key") }
    }

    deinit { EVP_MAC_CTX_free(context) }

    func update(_ bytes: UnsafeRawBufferPointer) {
        guard !bytes.isEmpty else { return }
        _ = EVP_MAC_update(context, bytes.baseAddress?.assumingMemoryBound(to: UInt8.self), bytes.count)
    }

    /// The 16 output bytes as two little-endian words (bytes 0–7, bytes 8–15).
    func finalize() -> (UInt64, UInt64) {
        var output: (UInt64, UInt64) = (0, 0)
        var length = 0
        _ = withUnsafeMutableBytes(of: &output) {
            EVP_MAC_final(context, $0.baseAddress?.assumingMemoryBound(to: UInt8.self), &length, Self.outputLength)
        }
        return (UInt64(littleEndian: output.0), UInt64(littleEndian: output.1))
    }
}
