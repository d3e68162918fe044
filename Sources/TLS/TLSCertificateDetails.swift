import CTLS

/// What a certificate says about itself: the names it is valid for and when. Immutable; read
/// once from an OpenSSL `X509`.
public struct TLSCertificateDetails: Sendable, Hashable {
    /// The subject's common name (CN), if it has one.
    public let commonName: String?
    /// The DNS names of the subject alternative name extension (RFC 5280 §4.2.1.6), in order.
    public let dnsNames: [String]
    /// Start of validity, seconds since the Unix epoch (UTC).
    public let notBefore: Int64
    /// End of validity, seconds since the Unix epoch (UTC).
    public let notAfter: Int64

    /// Reads `certificate` (an `X509 *`, which stays the caller's).
    init(certificate: OpaquePointer) {
        commonName = Self.commonName(of: certificate)
        dnsNames = Self.dnsNames(of: certificate)
        notBefore = Self.unixSeconds(X509_get0_notBefore(certificate))
        notAfter = Self.unixSeconds(X509_get0_notAfter(certificate))
    }

    /// The names SNI may select this certificate by (RFC 6125 §6.4.4: the CN only when there
    /// are no DNS names), lowercased.
    var hostNames: [String] {
        let names = dnsNames.isEmpty ? (commonName.map { [$0] } ?? []) : dnsNames
        return names.map(ASCIIName.lowercased)
    }

    /// The last CN of the subject, as UTF-8.
    private static func commonName(of certificate: OpaquePointer) -> String? {
        guard let subject = X509_get_subject_name(certificate) else { return nil }
        let index = X509_NAME_get_index_by_NID(subject, NID_commonName, -1)
        guard index >= 0, let entry = X509_NAME_get_entry(subject, index) else { return nil }
        return text(of: X509_NAME_ENTRY_get_data(entry))
    }

    /// The subjectAltName extension's dNSName entries.
    private static func dnsNames(of certificate: OpaquePointer) -> [String] {
        guard let raw = X509_get_ext_d2i(certificate, NID_subject_alt_name, nil, nil) else {
            OpenSSLErrorQueue.clear()
            return []
        }
        let names = OpaquePointer(raw)
        defer { GENERAL_NAMES_free(names) }
        var result: [String] = []
        for index in 0..<OPENSSL_sk_num(names) {
            guard let element = OPENSSL_sk_value(names, index) else { continue }
            let name = element.assumingMemoryBound(to: GENERAL_NAME.self).pointee
            guard name.type == GEN_DNS, let text = text(of: name.d.dNSName) else { continue }
            result.append(text)
        }
        return result
    }

    /// An ASN.1 string converted to UTF-8 by OpenSSL (names may be BMP or Teletex strings).
    private static func text(of string: UnsafeMutablePointer<ASN1_STRING>?) -> String? {
        guard let string else { return nil }
        var output: UnsafeMutablePointer<UInt8>?
        let length = ASN1_STRING_to_UTF8(&output, string)
        guard length >= 0, let output else {
            OpenSSLErrorQueue.clear()
            return nil
        }
        defer { ctls_free(output) }
        return String(decoding: UnsafeBufferPointer(start: output, count: Int(length)), as: UTF8.self)
    }

    /// An ASN.1 UTCTime/GeneralizedTime as Unix seconds; `Int64.min` if OpenSSL cannot read it
    /// (which makes `notBefore` always passed and `notAfter` always expired: fail closed).
    private static func unixSeconds(_ time: UnsafePointer<ASN1_TIME>?) -> Int64 {
        var fields = tm()
        guard let time, ASN1_TIME_to_tm(time, &fields) == 1 else { return Int64.min }
        let days = CivilDate.daysSinceEpoch(
            year: Int64(fields.tm_year) + 1900, month: Int64(fields.tm_mon) + 1, day: Int64(fields.tm_mday))
        return days * 86_400 + Int64(fields.tm_hour) * 3600 + Int64(fields.tm_min) * 60 + Int64(fields.tm_sec)
    }
}
