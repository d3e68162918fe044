import Transport

/// Whether the running kernel can take over record encryption (kernel TLS: the `tls` upper
/// layer protocol of Linux's `net/tls`), so a server context asks OpenSSL for it
/// (`SSL_OP_ENABLE_KTLS`) only where it can work. Without the module OpenSSL still tries on
/// every connection after the handshake, and each try costs two failing system calls
/// (`setsockopt(TCP_ULP, "tls")` answered `ENOENT`, then `SOL_TLS` answered `ENOPROTOOPT`).
///
/// The kernel lists its registered upper layer protocols in `/proc/sys/net/ipv4/tcp_available_ulp`
/// (Documentation/networking/ip-sysctl.rst). It is read each time a server context is built (at
/// start and on every certificate reload), so `modprobe tls` takes effect with the next reload.
/// An unreadable list (no procfs, another kernel) leaves the decision to OpenSSL, as before.
enum KernelTLSSupport {
    /// The kernel's list of registered TCP upper layer protocols, blank-separated.
    static let availableULPPath = "/proc/sys/net/ipv4/tcp_available_ulp"
    /// More than the list can hold (a handful of short names).
    static let maxListBytes = 4096

    /// Whether to let OpenSSL try kernel TLS on this kernel.
    static func kernelMayOffloadTLS() -> Bool {
        guard let list = try? FileSystem.readWholeFile(availableULPPath, limit: maxListBytes) else { return true }
        return listsTLS(list)
    }

    /// Whether the `tcp_available_ulp` text `list` names `tls`.
    static func listsTLS(_ list: [UInt8]) -> Bool {
        list.split(whereSeparator: { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") || $0 == UInt8(ascii: "\n") })
            .contains { $0.elementsEqual("tls".utf8) }
    }
}
