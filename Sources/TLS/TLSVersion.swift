import CTLS

/// A TLS protocol version, for the limits of a client context. A server always speaks exactly
/// TLS 1.2 and 1.3 (RFC 8996 deprecates 1.0 and 1.1).
public enum TLSVersion: Sendable, Hashable, Comparable, CaseIterable {
    /// TLS 1.0 (RFC 2246); only for testing that servers refuse it.
    case tls1_0
    /// TLS 1.1 (RFC 4346); only for testing that servers refuse it.
    case tls1_1
    /// TLS 1.2 (RFC 5246).
    case tls1_2
    /// TLS 1.3 (RFC 8446).
    case tls1_3

    /// OpenSSL's version number (`TLS1_2_VERSION`, …).
    var openSSLValue: Int32 {
        switch self {
        case .tls1_0: TLS1_VERSION
        case .tls1_1: TLS1_1_VERSION
        case .tls1_2: TLS1_2_VERSION
        case .tls1_3: TLS1_3_VERSION
        }
    }
}
