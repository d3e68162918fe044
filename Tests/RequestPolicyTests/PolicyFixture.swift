import HTTPWire
import Protection
import RequestPolicy
import Testing

/// A verifier that always defers, as the server's credential cache does on a miss: the decider
/// then answers `.verify`, and the test resumes it with the check it wants.
struct DeferringVerifier: PasswordVerifier {
    func verify(user: String, password: [UInt8], in file: PasswordFile) -> PasswordCheck { .pending }
}

/// A verifier that knows one `Authorization` value as already verified (the server's cache of
/// verified credentials) and defers everything else.
struct RememberingVerifier: PasswordVerifier {
    let header: String
    let user: String
    func verify(user: String, password: [UInt8], in file: PasswordFile) -> PasswordCheck { .pending }
    func rememberedUser(forHeader header: String, in file: PasswordFile) -> String? { header == self.header ? user : nil }
}

/// A throttle over its limit: every password to be hashed, and every refusal, waits `seconds`.
struct WaitingThrottle: LoginThrottle {
    let seconds: Int
    func admit(_ pending: RoutePending, from address: ClientAddress) -> LoginAdmission { .wait(seconds: seconds) }
    func refuse(address: ClientAddress, user: String?) -> Int? { seconds }
}

/// A throttle that admits everything and remembers what it was asked, and about whom.
final class RecordingThrottle: LoginThrottle {
    private(set) var admitted: [(user: String, address: ClientAddress)] = []
    private(set) var refused: [(user: String?, address: ClientAddress)] = []
    var asked: Int { admitted.count + refused.count }

    func admit(_ pending: RoutePending, from address: ClientAddress) -> LoginAdmission {
        admitted.append((pending.user, address))
        return .hash(.uncounted)
    }

    func refuse(address: ClientAddress, user: String?) -> Int? {
        refused.append((user, address))
        return nil
    }
}

/// Rule files, documents and requests for the decider's tests, all in memory.
enum Site {
    /// Real (fast, `$apr1$`) hashes of `<user>pw`.
    static let passwd: String = ["ann", "bob", "carl"].map { user in
        let hash = (try? PasswordHasher.hash(Array((user + "pw").utf8), scheme: .apr1)) ?? "!"
        return "\(user):\(hash)\n"
    }.joined()

    /// `team` is ann and bob; carl is a valid user outside it.
    static let group = "team: ann, bob\n"

    /// The setup `team`: realm "Team Realm", readable by the group `team`.
    static let teamSetup = """
    Protection team {
        ServerId "Team Realm"
        PasswordFile passwd
        GroupFile group
        GetMask team
    }
    """

    /// The sample site: an open tree, a mask-protected one, one that also needs an address, a
    /// Fail rule, redirects, and nothing passed outside these trees.
    static let conf = """
    \(teamSetup)
    Protection office {
        ServerId Office
        PasswordFile passwd
        GroupFile group
        GetMask team@203.0.113.*
    }
    Protection lobby {
        ServerId Lobby
        PasswordFile passwd
        GroupFile group
        GetMask @203.0.113.*
    }
    Protect /team/* team
    Protect /lab/* team
    Protect /office/* office
    Protect /lobby/* lobby
    Fail /private/*
    Redirect /old/* http://new.example/*
    Moved /gone/* http://moved.example/*
    Pass /pub/* /srv/www/pub/*
    Pass /team* /srv/www/team*
    Pass /lab/* /srv/www/lab/*
    Pass /office/* /srv/www/office/*
    Pass /lobby/* /srv/www/lobby/*
    Pass /private/* /srv/www/private/*
    """

    static let documents = [
        "/srv/www/pub/a.txt": "a",
        "/srv/www/pub/sub/index.html": "sub",
        "/srv/www/team/index.html": "team",
        "/srv/www/lab/index.html": "lab",
        "/srv/www/office/index.html": "office",
        "/srv/www/lobby/index.html": "lobby",
        "/srv/www/private/x.html": "private",
    ]

    static let local = ClientAddress(parsing: "127.0.0.1")!
    static let remote = ClientAddress(parsing: "198.51.100.1")!

    /// The file system of `conf` (with `directives` in front) and `documents` plus `extra`.
    static func fileSystem(_ directives: String = "", conf: String = conf, extra: [String: String] = [:]) -> InMemoryFileSystem {
        var files = ["/srv/conf/httpd.conf": directives + "\n" + conf + "\n", "/srv/conf/passwd": passwd, "/srv/conf/group": group]
        files.merge(documents) { mine, _ in mine }
        files.merge(extra) { _, theirs in theirs }
        return InMemoryFileSystem(files)
    }

    /// A decider over `fs` for a server whose TLS listeners use `tlsPorts`.
    static func decider<V: PasswordVerifier>(_ fs: InMemoryFileSystem, verifier: V, tlsPorts: [Int] = [], hostName: String = "localhost")
        throws -> RequestDecider<DirectGateFiles<InMemoryFileSystem>, V, InMemoryFileSystem> {
        let snapshot = try ProtectionLoader.load(configPath: "/srv/conf/httpd.conf", from: fs)
        let router = RequestRouter(snapshot: snapshot, files: DirectGateFiles(fs), verifier: verifier, fileSystem: fs)
        return RequestDecider(router: router, settings: DecisionSettings(rules: snapshot.ruleFile, tlsPorts: tlsPorts, hostName: hostName))
    }

    /// A decider that hashes passwords in place (as `gatehouse explain` does).
    static func hashing(_ directives: String = "", conf: String = conf, extra: [String: String] = [:], tlsPorts: [Int] = [])
        throws -> RequestDecider<DirectGateFiles<InMemoryFileSystem>, HashingVerifier, InMemoryFileSystem> {
        try decider(fileSystem(directives, conf: conf, extra: extra), verifier: HashingVerifier(), tlsPorts: tlsPorts)
    }

    /// A decider whose verifier always defers (as the server's cache on a miss).
    static func deferring(_ directives: String = "", conf: String = conf, tlsPorts: [Int] = [])
        throws -> RequestDecider<DirectGateFiles<InMemoryFileSystem>, DeferringVerifier, InMemoryFileSystem> {
        try decider(fileSystem(directives, conf: conf), verifier: DeferringVerifier(), tlsPorts: tlsPorts)
    }

    /// `Basic base64(user:password)`.
    static func basic(_ userPass: String) -> String { "Basic " + Base64.encode(Array(userPass.utf8)) }

    /// A request head parsed by the server's parser; `Host: localhost` unless `fields` name one
    /// (or the version is HTTP/1.0 or older).
    static func head(_ method: String = "GET", _ target: String, _ fields: [String] = [], version: String = "HTTP/1.1") throws -> RequestHead {
        var text = "\(method) \(target) \(version)\r\n"
        if version == "HTTP/1.1" && !fields.contains(where: { $0.lowercased().hasPrefix("host:") }) { text += "Host: localhost\r\n" }
        for field in fields { text += field + "\r\n" }
        return try RequestHead(parsing: Array((text + "\r\n").utf8))
    }

    /// A request head carrying `Authorization` for `userPass`.
    static func head(_ target: String, as userPass: String, _ fields: [String] = []) throws -> RequestHead {
        try head("GET", target, ["Authorization: " + basic(userPass)] + fields)
    }
}

extension RequestDecider {
    /// Decides with tracing off, as the server does, from `peer` over `listener`.
    func decide(_ head: RequestHead, from peer: ClientAddress = Site.local, over listener: ListenerKind = .plain,
                throttle: some LoginThrottle = NoLoginThrottle()) -> RequestAnswer {
        decide(head, peer: peer, listener: listener, throttle: throttle)
    }
}

extension RequestAnswer {
    /// Every value of the field `name` the response carries (the answer's own and the common ones).
    func values(_ name: String) -> [String] {
        (fields + commonFields).filter { $0.name.lowercased() == name.lowercased() }.map(\.value)
    }

    /// The one value of `name`, nil when absent (and a recorded issue when it appears twice).
    func value(_ name: String) -> String? {
        let found = values(name)
        if found.count > 1 { Issue.record("\(name) appears \(found.count) times: \(found)") }
        return found.first
    }

    /// The document served, if the action is to serve one.
    var servedFile: String? {
        if case .serveFile(let path, _) = action { return path }
        return nil
    }

    /// The request waiting for its password to be hashed, if that is the action.
    var pending: PendingAnswer? {
        if case .verify(let pending) = action { return pending }
        return nil
    }

    /// Where the proxy forwards the request, if that is the action.
    var forwarded: ProxyForward? {
        if case .forward(let forward) = action { return forward }
        return nil
    }

    /// The status of a page of the server's own (nil for any other action).
    var pageStatus: HTTPStatus? {
        if case .page(let status, _) = action { return status }
        return nil
    }
}
