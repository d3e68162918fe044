import Foundation
import Protection

/// A temporary directory holding a rule file, a password file (fast `$apr1$` hashes of
/// `<user>pw`), a group file and a small document tree.
final class TempTree {
    let root: String
    var config: String { root + "/conf/httpd.conf" }

    init(conf: String = TempTree.defaultConf, files: [String: String] = [:]) throws {
        root = NSTemporaryDirectory() + "gatehouse-core-" + UUID().uuidString
        var all = [
            "conf/httpd.conf": conf,
            "conf/passwd": try ["ann", "bob", "carl"].map { "\($0):\(try PasswordHasher.hash(Array(($0 + "pw").utf8), scheme: .apr1))\n" }.joined(),
            "conf/group": "staff: ann, bob\n",
            "www/index.html": "<p>home</p>",
            "www/team/doc.html": "team doc",
            "www/pub/a.txt": "0123456789",
        ]
        for (k, v) in files { all[k] = v }
        for (path, text) in all { try write(path, text) }
    }

    func write(_ relative: String, _ text: String) throws {
        let url = URL(fileURLWithPath: root + "/" + relative)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: false, encoding: .utf8)
    }

    deinit { try? FileManager.default.removeItem(atPath: root) }

    static let defaultConf = """
    DirAccess On
    Protection team {
        ServerId Team
        PasswordFile passwd
        GroupFile group
        GetMask staff
    }
    Protect /team/* team
    Pass /* ../www/*
    """
}

func basic(_ userPass: String) -> String { "Basic " + Base64.encode(Array(userPass.utf8)) }
