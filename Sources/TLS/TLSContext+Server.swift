import CTLS

extension TLSContext {
    /// Mozilla's "intermediate" TLS 1.2 cipher list, guidelines 5.7, in its order.
    static let serverCipherList = [
        "ECDHE-ECDSA-AES128-GCM-SHA256", "ECDHE-RSA-AES128-GCM-SHA256",
        "ECDHE-ECDSA-AES256-GCM-SHA384", "ECDHE-RSA-AES256-GCM-SHA384",
        "ECDHE-ECDSA-CHACHA20-POLY1305", "ECDHE-RSA-CHACHA20-POLY1305",
        "DHE-RSA-AES128-GCM-SHA256", "DHE-RSA-AES256-GCM-SHA384", "DHE-RSA-CHACHA20-POLY1305",
    ].joined(separator: ":")
    /// Mozilla's intermediate key-exchange groups.
    static let serverGroups = "X25519:prime256v1:secp384r1"
    /// Names this server's sessions in the cache and in tickets (RFC 5246 §7.4.1.2 leaves the
    /// scope to the server; OpenSSL refuses to resume a session from another context ID).
    static let sessionIDContext = "gatehouse"

    /// A configured server `SSL_CTX` holding `loaded`'s certificate chain and key.
    static func makeServerContext(serving loaded: LoadedCertificatePair, options: TLSServerOptions) throws(TLSConfigurationError) -> OpaquePointer {
        let chainPath = loaded.pair.certificateChainPath
        OpenSSLErrorQueue.clear()
        guard let context = SSL_CTX_new(TLS_server_method()) else {
            throw TLSConfigurationError(path: chainPath, problem: .rejected, queued: OpenSSLErrorQueue.drain())
        }
        do throws(TLSConfigurationError) {
            try configureServer(context, options: options, blaming: chainPath)
            try install(loaded, in: context)
        } catch {
            SSL_CTX_free(context)
            throw error
        }
        return context
    }

    /// Versions, ciphers, options, modes and the session cache (see the type's documentation).
    private static func configureServer(_ context: OpaquePointer, options: TLSServerOptions, blaming path: String) throws(TLSConfigurationError) {
        try require(ctls_ctx_set_min_proto_version(context, TLS1_2_VERSION) == 1, path)
        try require(ctls_ctx_set_max_proto_version(context, TLS1_3_VERSION) == 1, path)
        try require(SSL_CTX_set_cipher_list(context, serverCipherList) == 1, path)
        try require(ctls_ctx_set1_groups_list(context, serverGroups) == 1, path)
        _ = ctls_ctx_set_dh_auto(context, 1)
        var flags = ctls_op_cipher_server_preference | ctls_op_prioritize_chacha | ctls_op_no_compression
            | ctls_op_no_renegotiation | ctls_op_ignore_unexpected_eof
        if options.kernelTLS && KernelTLSSupport.kernelMayOffloadTLS() { flags |= ctls_op_enable_ktls }
        _ = SSL_CTX_set_options(context, flags)
        _ = ctls_ctx_set_mode(context, Int(SSL_MODE_RELEASE_BUFFERS | SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER))
        // One read(2) takes what has arrived (up to a record buffer) instead of a 5-byte record
        // header and then its body: a resumed TLS 1.3 handshake and its request cost 3 reads
        // instead of 9, as in nginx (which sets it too). Plaintext then may wait inside
        // OpenSSL, which `TLSSession.hasBufferedInput` reports.
        ctls_ctx_set_read_ahead(context, 1)
        _ = ctls_ctx_set_session_cache_mode(context, Int(SSL_SESS_CACHE_SERVER))
        _ = ctls_ctx_sess_set_cache_size(context, max(options.sessionCacheSize, 1))
        _ = SSL_CTX_set_timeout(context, Int(clamping: max(options.sessionTimeoutSeconds, 1)))
        let idContext = Array(sessionIDContext.utf8)
        try require(SSL_CTX_set_session_id_context(context, idContext, UInt32(idContext.count)) == 1, path)
    }

    /// Puts the leaf, its intermediates and the key into `context`, after checking the key is
    /// the leaf's (so a mismatch is reported as such, naming the key file).
    private static func install(_ loaded: LoadedCertificatePair, in context: OpaquePointer) throws(TLSConfigurationError) {
        let pair = loaded.pair
        guard loaded.keyMatchesLeaf else { throw loaded.keyMismatchError }
        OpenSSLErrorQueue.clear()
        try require(SSL_CTX_use_certificate(context, loaded.leaf) == 1, pair.certificateChainPath)
        for intermediate in loaded.intermediates {
            try require(ctls_ctx_add1_chain_cert(context, intermediate) == 1, pair.certificateChainPath)
        }
        try require(SSL_CTX_use_PrivateKey(context, loaded.privateKey) == 1, pair.privateKeyPath)
        guard SSL_CTX_check_private_key(context) == 1 else {
            throw TLSConfigurationError(
                path: pair.privateKeyPath, problem: .keyDoesNotMatch(certificateChainPath: pair.certificateChainPath),
                queued: OpenSSLErrorQueue.drain())
        }
    }
}
