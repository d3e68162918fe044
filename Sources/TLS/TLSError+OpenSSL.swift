import CTLS

extension TLSError {
    /// Classifies the error OpenSSL queued for a failed operation (`SSL_ERROR_SSL`).
    init(openSSL entry: OpenSSLErrorQueue.Entry?) {
        guard let entry else {
            self.init(.protocolFailure, detail: "no error queued")
            return
        }
        self.init(Self.kind(library: entry.library, reason: entry.reason), detail: entry.text)
    }

    /// The kind for one `SSL_R_…` reason. Reasons from `SSL_AD_REASON_OFFSET` up are alerts the
    /// peer sent (OpenSSL adds the alert number to it).
    static func kind(library: Int32, reason: Int32) -> Kind {
        guard library == ERR_LIB_SSL else { return .protocolFailure }
        switch reason {
        case SSL_R_HTTP_REQUEST, SSL_R_HTTPS_PROXY_REQUEST:
            return .plainHTTPRequest
        case SSL_R_UNSUPPORTED_PROTOCOL, SSL_R_TLSV1_ALERT_PROTOCOL_VERSION, SSL_R_VERSION_TOO_LOW,
             SSL_R_VERSION_TOO_HIGH, SSL_R_NO_PROTOCOLS_AVAILABLE, SSL_R_WRONG_SSL_VERSION,
             SSL_R_BAD_PROTOCOL_VERSION_NUMBER:
            return .unsupportedVersion
        case SSL_R_NO_SHARED_CIPHER, SSL_R_NO_CIPHERS_AVAILABLE, SSL_R_NO_SHARED_GROUPS,
             SSL_R_NO_SUITABLE_SIGNATURE_ALGORITHM, SSL_R_SSLV3_ALERT_HANDSHAKE_FAILURE,
             SSL_R_TLSV1_ALERT_INSUFFICIENT_SECURITY:
            return .noSharedCipher
        case SSL_R_CERTIFICATE_VERIFY_FAILED:
            return .certificateRejected
        case SSL_R_WRONG_VERSION_NUMBER, SSL_R_DECRYPTION_FAILED, SSL_R_DECRYPTION_FAILED_OR_BAD_RECORD_MAC,
             SSL_R_PACKET_LENGTH_TOO_LONG, SSL_R_RECORD_LENGTH_MISMATCH, SSL_R_ENCRYPTED_LENGTH_TOO_LONG,
             SSL_R_DATA_LENGTH_TOO_LONG, SSL_R_BAD_LENGTH, SSL_R_BAD_RECORD_TYPE, SSL_R_UNEXPECTED_RECORD:
            return .badRecord
        case let alert where alert >= SSL_AD_REASON_OFFSET:
            return .peerAlert
        default:
            return .protocolFailure
        }
    }
}
