import CTLS

/// What a server context's OpenSSL callbacks consult during handshakes: the SNI selector and the
/// per-pair contexts it selects between, the ALPN protocols, and the ticket keys. Reached from C
/// through the callbacks' `void *` argument and each context's app data (ex_data index 0), as an
/// unretained pointer: the `TLSContext` that owns this outlives every session using it.
///
/// `@unchecked Sendable`: everything is immutable after `init` except the ticket key ring, which
/// is a `Mutex`; the `SSL_CTX` pointers are only read, and OpenSSL allows `SSL_set_SSL_CTX` to a
/// configured context from any thread.
final class HandshakePolicy: @unchecked Sendable {
    /// Picks a pair index by server name.
    let selector: CertificateSelector
    /// The per-pair `SSL_CTX`s, owned by the `TLSContext` (index 0 is the default).
    let contexts: [OpaquePointer]
    /// The session-ticket keys (shared with `TLSServerOptions.ticketKeys`).
    let ticketKeys: TLSSessionTicketKeys
    /// The server's ALPN protocols in wire format (RFC 7301 §3.1: length-prefixed names),
    /// allocated once so the pointer `SSL_select_next_proto` returns into it stays valid.
    let applicationProtocols: UnsafeMutableBufferPointer<UInt8>
    /// AES-256-CBC for sealing and opening tickets, fetched from the provider once: the legacy
    /// `EVP_aes_256_cbc()` object makes every `EVP_EncryptInit_ex` fetch it again, under a lock
    /// and by name (crypto(7), "Performance": prefer explicit fetching). `EVP_aes_256_cbc()` if
    /// the fetch fails.
    let ticketCipher: OpaquePointer
    /// The fetched cipher this policy frees, `nil` when `ticketCipher` is the legacy object.
    private let fetchedCipher: OpaquePointer?

    /// The ALPN protocols a server agrees to: only HTTP/1.1 (RFC 7301 §6; RFC 9112).
    static let serverProtocols = ["http/1.1"]

    /// Records what the callbacks need; `contexts[i]` serves the names `names[i]`.
    init(contexts: [OpaquePointer], names: [[String]], ticketKeys: TLSSessionTicketKeys) {
        self.contexts = contexts
        self.selector = CertificateSelector(names: names)
        self.ticketKeys = ticketKeys
        let wire = Self.wireFormat(Self.serverProtocols)
        applicationProtocols = .allocate(capacity: wire.count)
        _ = applicationProtocols.initialize(from: wire)
        fetchedCipher = EVP_CIPHER_fetch(nil, "AES-256-CBC", nil)
        OpenSSLErrorQueue.clear()
        ticketCipher = fetchedCipher ?? EVP_aes_256_cbc()
    }

    deinit {
        applicationProtocols.deallocate()
        EVP_CIPHER_free(fetchedCipher)
    }

    /// The pointer the callbacks receive.
    var opaque: UnsafeMutableRawPointer { Unmanaged.passUnretained(self).toOpaque() }

    /// Points every context's callbacks (SNI, ALPN, tickets) at this policy. With one pair there
    /// is nothing to select, so no SNI callback runs (OpenSSL still records the name the client
    /// sent, `TLSSession.requestedServerName`).
    func install() {
        for context in contexts {
            _ = SSL_CTX_set_ex_data(context, 0, opaque)
            if contexts.count > 1 { ctls_ctx_set_servername_callback(context, Self.selectCertificate, opaque) }
            SSL_CTX_set_alpn_select_cb(context, Self.selectApplicationProtocol, opaque)
            _ = SSL_CTX_set_tlsext_ticket_key_evp_cb(context, Self.sealOrOpenTicket)
        }
    }

    /// The policy installed on `context` (the one `SSL_get_SSL_CTX` returns), if any.
    static func installed(on context: OpaquePointer?) -> HandshakePolicy? {
        guard let context, let raw = SSL_CTX_get_ex_data(context, 0) else { return nil }
        return Unmanaged<HandshakePolicy>.fromOpaque(raw).takeUnretainedValue()
    }

    /// ALPN protocol names as a length-prefixed list; names outside 1...255 bytes are skipped.
    static func wireFormat(_ protocols: [String]) -> [UInt8] {
        protocols.flatMap { name -> [UInt8] in
            let bytes = Array(name.utf8)
            guard (1...255).contains(bytes.count) else { return [] }
            return [UInt8(bytes.count)] + bytes
        }
    }
}
