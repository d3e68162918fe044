import CTLS

extension TLSContext {
    /// A client `SSL_CTX` trusting `caFile` and verifying the peer (tests and tools).
    static func makeClientContext(trusting caFile: String, options: TLSClientOptions) throws(TLSConfigurationError) -> OpaquePointer {
        let authorities = try PEMFile.certificates(at: caFile)
        defer { authorities.forEach { X509_free($0) } }
        OpenSSLErrorQueue.clear()
        guard let context = SSL_CTX_new(TLS_client_method()) else {
            throw TLSConfigurationError(path: caFile, problem: .rejected, queued: OpenSSLErrorQueue.drain())
        }
        do throws(TLSConfigurationError) {
            // TLS 1.0/1.1 sign handshakes with MD5-SHA1, which security level 1 and up forbid.
            if options.minimumVersion < .tls1_2 { SSL_CTX_set_security_level(context, 0) }
            try require(ctls_ctx_set_min_proto_version(context, options.minimumVersion.openSSLValue) == 1, caFile)
            try require(ctls_ctx_set_max_proto_version(context, options.maximumVersion.openSSLValue) == 1, caFile)
            if let cipherList = options.cipherList {
                try require(SSL_CTX_set_cipher_list(context, cipherList) == 1, caFile)
            }
            let store = SSL_CTX_get_cert_store(context)
            for authority in authorities {
                try require(X509_STORE_add_cert(store, authority) == 1, caFile)
            }
            SSL_CTX_set_verify(context, SSL_VERIFY_PEER, nil)
            let offers = HandshakePolicy.wireFormat(options.applicationProtocols)
            if !offers.isEmpty {
                // The one OpenSSL setter that returns 0 on success.
                try require(SSL_CTX_set_alpn_protos(context, offers, UInt32(offers.count)) == 0, caFile)
            }
            if !options.sessionTickets { _ = SSL_CTX_set_options(context, ctls_op_no_ticket) }
            _ = ctls_ctx_set_mode(context, Int(SSL_MODE_RELEASE_BUFFERS | SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER))
        } catch {
            SSL_CTX_free(context)
            throw error
        }
        return context
    }
}
