/// Every fixed limit and default of the TLS module, in one place.
public enum TLSLimits {
    /// Largest certificate, key or CA file read (a chain of a few certificates is ~10 KiB).
    public static let maxPEMFileBytes = 1024 * 1024
    /// Most certificates one chain file may hold (leaf plus intermediates; real chains have 2–4).
    public static let maxChainCertificates = 16
    /// Plaintext bytes `TLSSession.sendFile` reads per `pread` when the kernel does not encrypt:
    /// one full TLS record (RFC 8446 §5.1 and RFC 5246 §6.2.1 cap a record's plaintext at 2^14),
    /// so each `SSL_write` fills exactly one record.
    public static let sendFileChunkBytes = 16 * 1024
    /// Longest host name the SNI callback looks up (RFC 1035 §2.3.4: 255 octets on the wire,
    /// 253 characters in text); a longer one falls back to the first certificate pair.
    public static let maxServerNameBytes = 253
    /// Default lifetime of a session-ticket encryption key before a new one replaces it (the old
    /// one still decrypts for one more period), as nginx's rotated `ssl_session_ticket_key`.
    public static let ticketKeyRotationSeconds: Int64 = 12 * 60 * 60
    /// Default number of sessions in a server context's session-ID cache (OpenSSL's own
    /// default, `SSL_SESSION_CACHE_MAX_SIZE_DEFAULT`; about 1 KiB each when full).
    public static let sessionCacheSize = 20 * 1024
    /// Default session lifetime for resumption, by ID or by ticket (Mozilla's intermediate
    /// profile: `ssl_session_timeout 1d`).
    public static let sessionTimeoutSeconds: Int64 = 24 * 60 * 60
    /// `TLSCertificateInfo.status` warns this long before `notAfter` (gatehouse check).
    public static let expiryWarningSeconds: Int64 = 14 * 24 * 60 * 60
    /// Room for one OpenSSL error string (`ERR_error_string_n` asks for at least 256).
    static let errorTextBytes = 256
    /// Bytes of a session-ticket key: a 16-byte name, a 32-byte HMAC-SHA256 key and a 32-byte
    /// AES-256-CBC key (the layout of nginx's 80-byte `ssl_session_ticket_key` files).
    static let ticketKeyBytes = 80
    /// Length of a ticket key's name, fixed by OpenSSL's ticket format (RFC 5077 §4 suggests it).
    static let ticketKeyNameBytes = 16
}
