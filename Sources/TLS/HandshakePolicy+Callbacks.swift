import CTLS

/// The C callbacks of a server context. They run on whichever thread is handshaking, inside
/// OpenSSL, and must not throw or block.
extension HandshakePolicy {
    /// SNI (RFC 6066 §3): switches the connection to the pair whose leaf names the requested
    /// host. An unknown or missing name keeps the first pair, and the handshake always goes on
    /// (`SSL_TLSEXT_ERR_OK`), as nginx does. The session cache and ticket keys stay the first
    /// context's (OpenSSL's `session_ctx`), so resumption works whichever pair served.
    static let selectCertificate: @convention(c) (OpaquePointer?, UnsafeMutablePointer<Int32>?, UnsafeMutableRawPointer?) -> Int32 = { ssl, _, argument in
        guard let ssl, let argument, let name = SSL_get_servername(ssl, TLSEXT_NAMETYPE_host_name) else {
            return SSL_TLSEXT_ERR_OK
        }
        let policy = Unmanaged<HandshakePolicy>.fromOpaque(argument).takeUnretainedValue()
        let bytes = UnsafeRawPointer(name).assumingMemoryBound(to: UInt8.self)
        var length = 0
        while length <= TLSLimits.maxServerNameBytes, bytes[length] != 0 { length += 1 }
        let index = policy.selector.index(for: UnsafeBufferPointer(start: bytes, count: length))
        if index != 0 { _ = SSL_set_SSL_CTX(ssl, policy.contexts[index]) }
        return SSL_TLSEXT_ERR_OK
    }

    /// ALPN (RFC 7301 §3.2): the first of the server's protocols the client also offers. With no
    /// overlap (a client offering only `h2`) the server sends no ALPN extension and the
    /// connection goes on as HTTP/1.1 (`SSL_TLSEXT_ERR_NOACK`), as nginx does, rather than
    /// failing with `no_application_protocol`.
    static let selectApplicationProtocol: @convention(c) (
        OpaquePointer?, UnsafeMutablePointer<UnsafePointer<UInt8>?>?, UnsafeMutablePointer<UInt8>?,
        UnsafePointer<UInt8>?, UInt32, UnsafeMutableRawPointer?
    ) -> Int32 = { _, selected, selectedLength, offered, offeredLength, argument in
        guard let selected, let selectedLength, let offered, let argument else { return SSL_TLSEXT_ERR_NOACK }
        let policy = Unmanaged<HandshakePolicy>.fromOpaque(argument).takeUnretainedValue()
        let server = policy.applicationProtocols
        var choice: UnsafeMutablePointer<UInt8>?
        let outcome = SSL_select_next_proto(&choice, selectedLength, server.baseAddress, UInt32(server.count), offered, offeredLength)
        guard outcome == OPENSSL_NPN_NEGOTIATED, let choice else { return SSL_TLSEXT_ERR_NOACK }
        selected.pointee = UnsafePointer(choice)
        return SSL_TLSEXT_ERR_OK
    }

    /// Seals (`encrypt` = 1) or opens (0) a session ticket with the rotating keys: AES-256-CBC
    /// and HMAC-SHA256, OpenSSL's own ticket format (RFC 5077 §4's recommended construction).
    ///
    /// Returns (SSL_CTX_set_tlsext_ticket_key_evp_cb(3)): 1 to use the key; 2 to use it and
    /// have OpenSSL issue a fresh ticket; 0 for no ticket / unknown key (full handshake); -1 on
    /// failure. Opening answers 2 for every TLS 1.3 ticket and for a TLS 1.2 ticket under the
    /// previous key. TLS 1.3 clients use each ticket once (RFC 8446 §C.4, as browsers do), and
    /// OpenSSL sends a resumed TLS 1.3 connection a ticket only on 2 (it clears
    /// `ticket_expected` for the PSK and sets it again only for a renewal), so with 1 every
    /// resumption would spend the client's last ticket and its next connection would be a
    /// full handshake. nginx's ticket callback answers 2 for TLS 1.3 for the same reason. A
    /// TLS 1.2 client may offer its ticket again (RFC 5077 §3.3), so the current key's tickets
    /// are not reissued there.
    static let sealOrOpenTicket: @convention(c) (
        OpaquePointer?, UnsafeMutablePointer<UInt8>?, UnsafeMutablePointer<UInt8>?, OpaquePointer?, OpaquePointer?, Int32
    ) -> Int32 = { ssl, name, iv, cipher, mac, encrypt in
        guard let ssl, let name, let iv, let cipher, let mac,
              let policy = installed(on: SSL_get_SSL_CTX(ssl)) else { return -1 }
        let aes = policy.ticketCipher
        if encrypt == 1 {
            guard let key = policy.ticketKeys.sealingKey() else { return 0 }
            guard RAND_bytes(iv, EVP_CIPHER_get_iv_length(aes)) == 1 else { return -1 }
            key.bytes.withUnsafeBufferPointer { name.update(from: $0.baseAddress!, count: TLSLimits.ticketKeyNameBytes) }
            return key.load(into: cipher, using: aes, mac: mac, iv: iv, sealing: true) ? 1 : -1
        }
        guard let (key, isCurrent) = policy.ticketKeys.openingKey(named: name) else { return 0 }
        guard key.load(into: cipher, using: aes, mac: mac, iv: iv, sealing: false) else { return -1 }
        return isCurrent && SSL_version(ssl) != TLS1_3_VERSION ? 1 : 2
    }
}

extension TLSSessionTicketKeys.Key {
    /// Keys OpenSSL's ticket cipher context (with `aes`, AES-256-CBC) and HMAC context with
    /// this key.
    func load(into cipher: OpaquePointer, using aes: OpaquePointer, mac: OpaquePointer, iv: UnsafeMutablePointer<UInt8>, sealing: Bool) -> Bool {
        bytes.withUnsafeBufferPointer { key in
            let base = key.baseAddress!
            guard ctls_mac_set_sha256_key(mac, base + Self.macOffset, Self.macKeyBytes) == 1 else { return false }
            return sealing
                ? EVP_EncryptInit_ex(cipher, aes, nil, base + Self.cipherOffset, iv) == 1
                : EVP_DecryptInit_ex(cipher, aes, nil, base + Self.cipherOffset, iv) == 1
        }
    }
}
