/// A PROXY protocol header (HAProxy's proxy-protocol.txt, versions 1 and 2): the original
/// connection's endpoints that a trusted load balancer puts before the first byte of the client's
/// data. It owns the detection and the strict parsing of both versions.
///
/// The caller peeks at the connection's first bytes (``initialPeekBytes``, then as many as
/// `.needMore` asks for), calls ``parse(_:)``, and on `.parsed` consumes exactly `consumed` bytes
/// before handing the rest to TLS or HTTP. Values are only made by the parser. The spec forbids
/// guessing: on a listener configured for the PROXY protocol, anything else (a plain `GET`) is
/// `.invalid` and the connection is closed.
public struct ProxyProtocolHeader: Sendable, Hashable {
    /// Which wire format carried the header.
    public enum Version: Sendable, Hashable {
        /// The text line `PROXY TCP4 … CRLF` (§2.1).
        case v1
        /// The binary header after the 12-byte signature (§2.2).
        case v2
    }

    /// An address and TCP port.
    public struct Endpoint: Sendable, Hashable {
        /// The address (IPv4-mapped IPv6 addresses are given as IPv4, see ``IPAddress/unmapped``).
        public let address: IPAddress
        /// The TCP port.
        public let port: UInt16
    }

    /// The original connection's two ends.
    public struct Addresses: Sendable, Hashable {
        /// The client: what logs, access rules and `Forwarded` handling should see as the peer.
        public let source: Endpoint
        /// The address the client connected to (the load balancer's front).
        public let destination: Endpoint
    }

    /// What ``parse(_:)`` made of the bytes so far.
    public enum Outcome: Sendable, Hashable {
        /// The header is not complete: peek again once more bytes have arrived, up to `upTo`
        /// bytes from the start (the exact header length for v2; the most a v1 line may take).
        case needMore(upTo: Int)
        /// Not a valid PROXY protocol header: close the connection (§2.1, §2.2: "must be dropped").
        case invalid(String)
        /// A complete header of `consumed` bytes; the client's own data follows.
        case parsed(ProxyProtocolHeader, consumed: Int)
    }

    /// The wire format.
    public let version: Version
    /// The original endpoints, or nil when the header says to use the real connection's: v1
    /// `UNKNOWN`, v2 `LOCAL` (health checks), and v2 families Gatehouse does not take addresses
    /// from (`UNSPEC`, UDP, UNIX sockets), which §2.2 says fall back to `UNSPEC` handling.
    public let addresses: Addresses?

    /// The longest v1 line, CRLF included (§2.1: `PROXY UNKNOWN` with two full IPv6 addresses).
    public static let maxV1Bytes = 107
    /// The fixed part of a v2 header: signature, version and command, family, length (§2.2).
    public static let v2FixedBytes = 16
    /// The longest header of either version: 16 bytes plus a 16-bit length.
    public static let maxBytes = v2FixedBytes + Int(UInt16.max)
    /// How many bytes to peek first: enough to tell the versions apart and to read a v2 length
    /// (a v1 line is at least 15 bytes, `PROXY UNKNOWN\r\n`, but the client's data follows it).
    public static let initialPeekBytes = v2FixedBytes

    /// The v2 signature, `\r\n\r\n\0\r\nQUIT\n` (§2.2).
    static let v2Signature: [UInt8] = [0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A]
    /// The start of a v1 line: `PROXY` and its single space (§2.1).
    static let v1Prefix: [UInt8] = Array("PROXY ".utf8)

    /// Parses a header at the start of `bytes` (which may hold the client's data after it).
    public static func parse(_ bytes: UnsafeRawBufferPointer) -> Outcome {
        if startsWith(bytes, v2Signature) {
            return bytes.count < v2FixedBytes ? .needMore(upTo: v2FixedBytes) : parseV2(bytes)
        }
        if startsWith(bytes, v1Prefix) {
            return bytes.count < v1Prefix.count ? .needMore(upTo: maxV1Bytes) : parseV1(bytes)
        }
        return .invalid("not a PROXY protocol header")
    }

    /// ``parse(_:)`` over an array.
    public static func parse(_ bytes: [UInt8]) -> Outcome {
        bytes.withUnsafeBytes { parse($0) }
    }

    /// Whether `bytes` and `prefix` agree over their common length (so a short `bytes` that could
    /// still become `prefix` counts).
    private static func startsWith(_ bytes: UnsafeRawBufferPointer, _ prefix: [UInt8]) -> Bool {
        let common = min(bytes.count, prefix.count)
        for index in 0..<common where bytes[index] != prefix[index] { return false }
        return true
    }
}
