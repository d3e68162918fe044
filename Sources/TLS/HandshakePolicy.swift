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
    }

    deinit {
        applicationProtocols.deallocate()
    }

    /// The pointer the callbacks receive.
    var opaque: UnsafeMutableRawPointer { Unmanaged.passUnretained(self).toOpaque() }

    /// Points every context's callbacks (SNI, ALPN, tickets) at this policy.
    func install() {
        for context in contexts {
            _ = SSL_CTX_set_ex_data(context, 0, opaque)
            ctls_ctx_set_servername_callback(context, Self.selectCertificate, opaque)
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
