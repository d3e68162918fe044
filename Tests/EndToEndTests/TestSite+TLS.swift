import Foundation

/// A throw-away certificate authority and a server certificate for `localhost` / 127.0.0.1,
/// made with the `openssl` command in the site when a test needs them (nothing secret is
/// committed), and the rule-file lines that serve them.
extension TestSite {
    /// The CA certificate clients trust (`curl --cacert`).
    var caCertificate: String { path("tls/ca.pem") }
    /// The server's chain (leaf first) and key.
    var serverCertificate: String { path("tls/server.pem") }
    var serverKey: String { path("tls/server.key") }

    /// Makes the CA and a server certificate valid for `days`, named by `commonName`, and adds
    /// `TLSCertificate` / `TLSCertificateKey` to the rule file. `prefix` names other files
    /// (a second pair for a reload test).
    func makeTLSCertificates(days: Int = 2, commonName: String = "localhost", prefix: String = "server", addToRuleFile: Bool = true) throws {
        let dir = path("tls")
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        if !FileManager.default.fileExists(atPath: caCertificate) {
            try openssl(["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                         "-keyout", path("tls/ca.key"), "-out", caCertificate, "-days", "3", "-subj", "/CN=Gatehouse Test CA"])
        }
        try Data("subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\n".utf8).write(to: URL(fileURLWithPath: path("tls/ext.cnf")))
        try openssl(["req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                     "-keyout", path("tls/\(prefix).key"), "-out", path("tls/\(prefix).csr"), "-subj", "/CN=\(commonName)"])
        try openssl(["x509", "-req", "-in", path("tls/\(prefix).csr"), "-CA", caCertificate, "-CAkey", path("tls/ca.key"),
                     "-CAcreateserial", "-out", path("tls/\(prefix).pem"), "-days", String(days), "-extfile", path("tls/ext.cnf")])
        if addToRuleFile {
            let rules = read("protection/httpd.conf") + "\nTLSCertificate ../tls/\(prefix).pem\nTLSCertificateKey ../tls/\(prefix).key\n"
            try write("protection/httpd.conf", rules)
        }
    }

    /// Runs `openssl` with `arguments`; throws with its output when it fails.
    func openssl(_ arguments: [String]) throws {
        let result = try ExternalTool.run("openssl", arguments, scratch: root)
        guard result.status == 0 else { throw WireError("openssl \(arguments.joined(separator: " ")): \(result.stderr)") }
    }
}
