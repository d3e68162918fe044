/// Picks the certificate pair for a TLS server name (SNI, RFC 6066 §3): an exact host name first,
/// then a wildcard `*.example.com` covering exactly one more label (RFC 6125 §6.4.3), else the
/// first pair, as nginx falls back to its default server. Immutable once built; shared by every
/// thread that handshakes.
struct CertificateSelector: Sendable {
    /// Lowercased exact names → pair index (the first pair to claim a name keeps it).
    private let exact: [String: Int]
    /// Lowercased wildcard suffixes (".example.com" for "*.example.com") → pair index.
    private let wildcard: [String: Int]

    /// Indexes the names each pair's leaf is valid for (`names[i]` for pair `i`).
    init(names: [[String]]) {
        var exact: [String: Int] = [:]
        var wildcard: [String: Int] = [:]
        for (index, pairNames) in names.enumerated() {
            for name in pairNames.map(ASCIIName.lowercased) {
                if name.hasPrefix("*.") {
                    let suffix = String(name.dropFirst())
                    if wildcard[suffix] == nil { wildcard[suffix] = index }
                } else if exact[name] == nil {
                    exact[name] = index
                }
            }
        }
        self.exact = exact
        self.wildcard = wildcard
    }

    /// The pair index for `serverName` (the SNI bytes as sent); 0 when nothing matches or the
    /// name is longer than `TLSLimits.maxServerNameBytes`.
    func index(for serverName: UnsafeBufferPointer<UInt8>) -> Int {
        guard !serverName.isEmpty, serverName.count <= TLSLimits.maxServerNameBytes else { return 0 }
        // A trailing dot (an absolute name) names the same host (RFC 6066 §3 forbids it; be lenient).
        let trimmed = serverName.last == UInt8(ascii: ".") ? UnsafeBufferPointer(rebasing: serverName.dropLast()) : serverName
        let name = String(decoding: trimmed.lazy.map(ASCIIName.lowercased), as: UTF8.self)
        if let index = exact[name] { return index }
        guard let dot = name.utf8.firstIndex(of: UInt8(ascii: ".")) else { return 0 }
        return wildcard[String(name[dot...])] ?? 0
    }
}
