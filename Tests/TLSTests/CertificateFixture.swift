import Foundation
import Glibc
import Synchronization

/// Throw-away certificates made with the `openssl` command for these tests: a CA, leaves for
/// `localhost` and `alt.test` signed by it, and broken or short-lived variants. Generated once
/// per test process in a private temporary directory (removed at exit); nothing is committed.
final class CertificateFixture: Sendable {
    /// The process-wide fixture, made on first use.
    static let shared: CertificateFixture = {
        do {
            return try CertificateFixture()
        } catch {
            fatalError("cannot make test certificates: \(error)")
        }
    }()

    let directory: String

    var caPath: String { directory + "/ca.pem" }
    /// `localhost` (SAN DNS:localhost, IP:127.0.0.1), chain file = leaf + CA.
    var localhostChain: String { directory + "/localhost-chain.pem" }
    var localhostKey: String { directory + "/localhost.key" }
    /// `alt.test` and `*.alt.test`.
    var altChain: String { directory + "/alt.pem" }
    var altKey: String { directory + "/alt.key" }
    /// `localhost` again from a fresh key: the "new pair" of a reload.
    var renewedChain: String { directory + "/renewed.pem" }
    var renewedKey: String { directory + "/renewed.key" }
    /// Valid for 5 days.
    var shortLivedChain: String { directory + "/short.pem" }
    /// Its `notAfter` a day before its `notBefore` (x509 -days -1): expired when read.
    var expiredChain: String { directory + "/expired.pem" }
    /// Not PEM at all.
    var garbagePath: String { directory + "/garbage.pem" }
    /// A private key, in PEM, where a chain is expected.
    var keyOnlyPath: String { localhostKey }
    var missingPath: String { directory + "/missing.pem" }
    /// `localhost.key` encrypted with a passphrase.
    var encryptedKey: String { directory + "/encrypted.key" }
    /// A plain file to serve with sendFile.
    var payloadPath: String { directory + "/payload.bin" }

    private init() throws {
        var template = Array("/tmp/tls-test-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw POSIXError(.EIO) }
        directory = String(cString: made)
        CertificateFixture.registerRemoval(of: directory)
        try write("""
            [ca]
            basicConstraints = critical,CA:TRUE
            keyUsage = critical,keyCertSign,cRLSign
            [localhost]
            subjectAltName = DNS:localhost,IP:127.0.0.1
            extendedKeyUsage = serverAuth
            [alt]
            subjectAltName = DNS:alt.test,DNS:*.alt.test
            extendedKeyUsage = serverAuth

            """, to: "ext.cnf")
        try openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                    "-keyout", "ca.key", "-out", "ca.pem", "-days", "30", "-subj", "/CN=Gatehouse Test CA",
                    "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign")
        try leaf("localhost", key: "localhost.key", certificate: "localhost.pem", days: "30", section: "localhost")
        try write(read("localhost.pem") + read("ca.pem"), to: "localhost-chain.pem")
        try leaf("alt.test", key: "alt.key", certificate: "alt.pem", days: "30", section: "alt")
        try leaf("localhost", key: "renewed.key", certificate: "renewed.pem", days: "60", section: "localhost")
        try leaf("localhost", key: "short.key", certificate: "short.pem", days: "5", section: "localhost")
        try leaf("localhost", key: "expired.key", certificate: "expired.pem", days: "-1", section: "localhost")
        try write("this is not a certificate\n", to: "garbage.pem")
        try openssl("pkey", "-in", "localhost.key", "-aes256", "-passout", "pass:secret", "-out", "encrypted.key")
    }

    /// A key and a certificate for `name` signed by the CA.
    private func leaf(_ name: String, key: String, certificate: String, days: String, section: String) throws {
        try openssl("req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                    "-keyout", key, "-out", "request.csr", "-subj", "/CN=\(name)")
        try openssl("x509", "-req", "-in", "request.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
                    "-set_serial", "\(UInt32.random(in: 1...UInt32.max))", "-days", days,
                    "-extfile", "ext.cnf", "-extensions", section, "-out", certificate)
    }

    /// Runs `openssl` in the fixture directory; throws with its output if it fails.
    private func openssl(_ arguments: String...) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw FixtureError(message: "openssl \(arguments.joined(separator: " ")): \(text)")
        }
    }

    /// Writes `text` to `name` in the fixture directory.
    func write(_ text: String, to name: String) throws {
        try text.write(toFile: directory + "/" + name, atomically: false, encoding: .utf8)
    }

    /// Writes `bytes` to `path`.
    func write(bytes: [UInt8], to path: String) throws {
        try Data(bytes).write(to: URL(fileURLWithPath: path))
    }

    private func read(_ name: String) throws -> String {
        try String(contentsOfFile: directory + "/" + name, encoding: .utf8)
    }

    /// Removes the directory when the test process exits.
    private static func registerRemoval(of directory: String) {
        removalPath.withLock { $0 = directory }
        atexit {
            if let path = removalPath.withLock({ $0 }) {
                try? FileManager.default.removeItem(atPath: path)
            }
        }
    }
}

struct FixtureError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}

private let removalPath = Mutex<String?>(nil)
