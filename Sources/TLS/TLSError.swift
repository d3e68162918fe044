import Transport

/// Why a TLS connection failed. Every case is fatal for the connection: stop using the session
/// and close the socket (for `plainHTTPRequest`, after answering in clear text).
///
/// `kind` is what the server acts on; `detail` is OpenSSL's own error text (or the system
/// error), for the error log.
public struct TLSError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The class of failure.
    public enum Kind: Sendable, Hashable {
        /// The first bytes were a plain HTTP request (`GET `, `POST`, `HEAD`, `PUT `, `CONNECT`),
        /// not a ClientHello: the server should answer `400 The plain HTTP request was sent to
        /// HTTPS port` in clear text (as nginx does) and close.
        case plainHTTPRequest
        /// No protocol version in common: the peer offered only versions this side refuses
        /// (a server refuses TLS 1.0 and 1.1), or refused ours with a `protocol_version` alert.
        case unsupportedVersion
        /// No cipher suite, group or signature algorithm in common.
        case noSharedCipher
        /// A client refused the server's certificate (untrusted, expired, wrong name).
        case certificateRejected
        /// The peer ended the handshake or connection with a fatal alert (RFC 8446 §6.2).
        case peerAlert
        /// A record that cannot be a valid TLS record here: garbage, a wrong version number,
        /// a failed decryption or MAC, an oversized record (RFC 8446 §5).
        case badRecord
        /// Any other handshake or protocol failure OpenSSL reported.
        case protocolFailure
        /// The socket failed under OpenSSL with an error other than a reset or broken pipe
        /// (those are `TLSTransfer.closed`).
        case system
        /// `sendFile` could not read the file it was to send.
        case fileRead
        /// The caller broke the session's contract (see `TLSSession.sendFile`); a bug.
        case misuse
        /// OpenSSL could not allocate a session.
        case resources
    }

    /// The class of failure.
    public let kind: Kind
    /// OpenSSL's error text, the system error, or what was misused.
    public let detail: String

    /// Makes an error of `kind` with its explanation.
    public init(_ kind: Kind, detail: String) {
        self.kind = kind
        self.detail = detail
    }

    /// A socket failure under OpenSSL.
    init(system error: Errno) {
        self.init(.system, detail: error.description)
    }

    /// "TLS handshake failed: no protocol version in common (error:0A000102:…)".
    public var description: String {
        let summary = switch kind {
        case .plainHTTPRequest: "plain HTTP request sent to a TLS port"
        case .unsupportedVersion: "no TLS protocol version in common"
        case .noSharedCipher: "no cipher suite in common"
        case .certificateRejected: "peer certificate rejected"
        case .peerAlert: "peer sent a fatal alert"
        case .badRecord: "invalid TLS record"
        case .protocolFailure: "TLS protocol failure"
        case .system: "socket error under TLS"
        case .fileRead: "cannot read the file to send"
        case .misuse: "TLS session misused"
        case .resources: "out of memory for a TLS session"
        }
        return detail.isEmpty ? summary : "\(summary) (\(detail))"
    }
}
