@testable import Protection

/// A verifier that always defers, as the server's cache does on a miss.
struct PendingVerifier: PasswordVerifier {
    func verify(user: String, password: [UInt8], in file: PasswordFile) -> PasswordCheck { .pending }
}

enum Fixture {
    /// Real (fast, `$apr1$`) hashes of `<user>pw`, so the Gate tests verify for real.
    static let passwd: String = ["ann", "bob", "carl", "dave"].map { user in
        let hash = (try? PasswordHasher.hash(Array((user + "pw").utf8), scheme: .apr1)) ?? "!"
        return "\(user):\(hash):\(user.capitalized)\n"
    }.joined()
    static let verifier = HashingVerifier()
    static let local = ClientAddress(parsing: "127.0.0.1")!
    static let remote = ClientAddress(parsing: "10.1.2.3")!

    /// A file system holding `/srv/conf/httpd.conf` (the given rules), a passwd and a group file.
    static func fileSystem(conf: String, group: String = "staff: ann, bob\n", extra: [String: String] = [:]) -> InMemoryFileSystem {
        var files = ["/srv/conf/httpd.conf": conf, "/srv/conf/passwd": passwd, "/srv/conf/group": group]
        for (k, v) in extra { files[k] = v }
        return InMemoryFileSystem(files)
    }

    static func snapshot(_ fs: InMemoryFileSystem) throws -> ProtectionSnapshot {
        try ProtectionLoader.load(configPath: "/srv/conf/httpd.conf", from: fs)
    }

    static func basic(_ userPass: String) -> String { "Basic " + base64(Array(userPass.utf8)) }

    static func base64(_ bytes: [UInt8]) -> String {
        let table = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
        var out = ""
        var i = 0
        while i < bytes.count {
            let b0 = bytes[i], b1 = i + 1 < bytes.count ? bytes[i + 1] : 0, b2 = i + 2 < bytes.count ? bytes[i + 2] : 0
            out.append(table[Int(b0 >> 2)])
            out.append(table[Int((b0 & 3) << 4 | b1 >> 4)])
            out.append(i + 1 < bytes.count ? table[Int((b1 & 15) << 2 | b2 >> 6)] : "=")
            out.append(i + 2 < bytes.count ? table[Int(b2 & 63)] : "=")
            i += 3
        }
        return out
    }

    /// Translates and decides a request for `path`, the way the server will.
    static func decide(_ fs: InMemoryFileSystem, method: String = "GET", path: String, credentials: String? = nil,
                       from client: ClientAddress = local, verifier: some PasswordVerifier = verifier) throws -> Decision {
        let snapshot = try snapshot(fs)
        let translation = Translator.translate(path, rules: snapshot.ruleFile)
        guard case .file(let file, _) = translation.outcome else { return Decision(outcome: .forbidden(.byRule), trace: GateTrace(enabled: false), pending: nil) }
        let gate = Gate(snapshot: snapshot, files: DirectGateFiles(fs), verifier: verifier)
        return gate.decide(GateRequest(method: method, checkedPath: file, client: client, credentials: credentials, translation: translation))
    }
}
