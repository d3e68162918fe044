import CTLS

extension TLSSession {
    /// Whether the handshake has completed.
    public var handshakeComplete: Bool { SSL_is_init_finished(ssl) == 1 }

    /// The ALPN protocol agreed on (RFC 7301), or `nil` if none was (no offer, or no overlap).
    public var negotiatedALPN: String? {
        var data: UnsafePointer<UInt8>?
        var length: UInt32 = 0
        SSL_get0_alpn_selected(ssl, &data, &length)
        guard let data, length > 0 else { return nil }
        return String(decoding: UnsafeBufferPointer(start: data, count: Int(length)), as: UTF8.self)
    }

    /// The protocol version in use, as OpenSSL names it ("TLSv1.3"), or "unknown" before the
    /// handshake has chosen one.
    public var protocolVersion: String { String(cString: SSL_get_version(ssl)) }

    /// The cipher suite in use ("TLS_AES_256_GCM_SHA384"), `nil` before the handshake.
    public var cipherName: String? {
        guard let cipher = SSL_get_current_cipher(ssl), let name = SSL_CIPHER_get_name(cipher) else { return nil }
        return String(cString: name)
    }

    /// Whether the handshake resumed an earlier session (by ticket or session ID).
    public var sessionReused: Bool { SSL_session_reused(ssl) == 1 }

    /// Whether the kernel encrypts this connection's writes (kernel TLS), so `sendFile` is
    /// zero-copy. Known once the handshake is complete.
    public var kernelTLSSend: Bool { ctls_bio_get_ktls_send(SSL_get_wbio(ssl)) == 1 }

    /// Whether the kernel decrypts this connection's reads (kernel TLS).
    public var kernelTLSReceive: Bool { ctls_bio_get_ktls_recv(SSL_get_rbio(ssl)) == 1 }

    /// Whether OpenSSL holds input the socket no longer shows (`SSL_has_pending`): records read
    /// ahead with an earlier one, or plaintext left over from a `read` into a buffer smaller
    /// than the record. A level-triggered loop will not report it, so the driver reads again
    /// while this is true (a partial record also counts; that read then waits for the socket).
    public var hasBufferedInput: Bool { SSL_has_pending(ssl) == 1 }

    /// The host name the client sent as SNI (server side), or `nil` if it sent none.
    public var requestedServerName: String? {
        guard let name = SSL_get_servername(ssl, TLSEXT_NAMETYPE_host_name) else { return nil }
        return String(cString: name)
    }

    /// The certificate the peer presented (a client sees the server's), or `nil` if none.
    public var peerCertificate: TLSCertificateDetails? {
        guard let certificate = SSL_get0_peer_certificate(ssl) else { return nil }
        return TLSCertificateDetails(certificate: certificate)
    }

    /// This connection's resumption state, to offer on a later connection (client side); `nil`
    /// before the handshake. In TLS 1.3 the ticket arrives after the handshake, with the first
    /// records read.
    public func savedSession() -> TLSSavedSession? {
        guard let session = SSL_get1_session(ssl) else { return nil }
        return TLSSavedSession(owning: session)
    }
}
