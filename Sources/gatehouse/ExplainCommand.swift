import Admin
import HTTPWire
import Protection
import ServerCore
import Transport

/// `gatehouse explain`: runs translation and the Gate exactly as the server will and prints why
/// a request would be allowed or refused.
enum ExplainCommand {
    static let usage = """
    usage: gatehouse explain [--config PATH] [--method M] [--from ADDRESS]
                             [--user U (--password P | --password-stdin)] [--proxy] PATH|URL

    Runs the rule file's translation and the Access Request Validation Procedure on a described
    request, exactly as 'gatehouse serve' would, and prints one line per step taken, then the
    outcome as an HTTP status line. PATH is a URL path such as /team/ (percent-escapes allowed).
      --method M          request method (default GET)
      --from ADDRESS      client address (default 127.0.0.1; IPv6 as ::1)
      --user U            user name to send Basic credentials for
      --password P        the password (visible in shell history: prefer --password-stdin)
      --password-stdin    read the password from the first line of standard input
      --proxy             describe a proxy request for URL (http://host/path, or host:port
                          with --method CONNECT): Proxy-Authorization, 407, no .www_acl
    Exit status: 0 when the request would be allowed (2xx or a redirect), 1 when refused, 2 on
    usage or configuration errors.
    """

    static func run(_ args: [String]) -> Int32 {
        let list: CommandArguments
        do {
            list = try CommandArguments(args, valued: ["config", "method", "from", "user", "password"],
                                        booleans: ["password-stdin", "proxy"])
        } catch {
            Console.err("gatehouse explain: \(error.description)\n\n\(usage)")
            return 2
        }
        if list.wantsHelp { Console.out(usage); return 0 }
        guard list.positionals.count == 1 else { Console.err(usage); return 2 }
        let methodName = (list.value("method") ?? "GET").uppercased()
        guard let method = HTTPMethod(rawValue: methodName) else {
            Console.err("gatehouse explain: '\(methodName)' is not a method name")
            return 2
        }
        let fromText = list.value("from") ?? "127.0.0.1"
        guard let client = ClientAddress(parsing: fromText) else {
            Console.err("gatehouse explain: '\(fromText)' is not an IPv4 or IPv6 address")
            return 2
        }
        var password = list.value("password")
        if list.has("password-stdin") {
            password = (try? FileSystem.readLine(.standardInput)) ?? nil
            if password == nil { Console.err("gatehouse explain: no password on standard input"); return 2 }
        }
        var credentials: String?
        if let user = list.value("user") {
            guard let password else { Console.err("gatehouse explain: --user needs --password or --password-stdin"); return 2 }
            credentials = "Basic " + Base64.encode(Array((user + ":" + password).utf8))
        } else if password != nil {
            Console.err("gatehouse explain: a password needs --user")
            return 2
        }

        let target: RequestTarget
        do {
            target = try RequestTarget(parsing: list.positionals[0], method: method)
        } catch {
            Console.err("gatehouse explain: \(list.positionals[0]): \(error.reason) (the server answers \(error.status))")
            return 1
        }
        let mode: GateRequest.Mode = list.has("proxy") ? .proxy : .origin
        // Proxy mode: the same canonical URL the server matches rules against (ProxyURL).
        var proxyURL: String?
        var path: NormalisedPath?
        var query: String?
        switch (mode, target) {
        case (.origin, .origin(let p, let q)):
            path = p
            query = q
        case (.proxy, .absolute(let absolute)):
            do {
                proxyURL = try ProxyURL.canonical(absolute)
            } catch {
                Console.err("gatehouse explain: \(list.positionals[0]): \(error.reason) (the server answers \(error.status))")
                return 1
            }
        case (.proxy, .authority(let host, let port)):
            proxyURL = ProxyURL.canonical(connectHost: host, port: port)
        case (.origin, _):
            Console.err("gatehouse explain: give a URL path starting with '/' (or --proxy with http://host/path)")
            return 2
        case (.proxy, _):
            Console.err("gatehouse explain: with --proxy give an absolute URL (http://host/path) or, with --method CONNECT, host:port")
            return 2
        }

        let config = ConfigLocation.resolve(list.value("config"))
        if let missing = ConfigLocation.missing(config) {
            Console.err("gatehouse explain: \(missing)")
            return 2
        }
        let fs = DiskFileSystem()
        let snapshot: ProtectionSnapshot
        do {
            snapshot = try ProtectionLoader.load(configPath: config, from: fs)
        } catch {
            for d in error.diagnostics { Console.err(d.description) }
            return 2
        }
        let router = RequestRouter(snapshot: snapshot, files: DirectGateFiles(fs), verifier: HashingVerifier(), fileSystem: fs)
        let decision: RouteDecision
        let shown: String
        if let proxyURL {
            decision = router.routeProxy(method: method.rawValue, url: proxyURL, client: client, credentials: credentials)
            shown = proxyURL
        } else if let path {
            decision = router.route(method: method.rawValue, path: path.path, query: query, client: client, credentials: credentials)
            shown = path.path
        } else {
            return 2
        }
        Console.out("\(method.rawValue) \(shown) from \(client)" + (list.value("user").map { " as '\($0)'" } ?? " without credentials"))
        for step in decision.trace { Console.out(step.description) }
        let code = decision.outcome.status(mode: mode)
        let status = HTTPStatus(code: code).map(\.description) ?? "\(code)"
        Console.out("HTTP/1.1 \(status)")
        switch decision.outcome {
        case .challenge(let realm):
            Console.out("\(mode == .proxy ? "Proxy-Authenticate" : "WWW-Authenticate"): \(BasicChallenge.value(realm: realm))")
        case .redirect(let url, _):
            Console.out("Location: \(url)")
        case .redirectToSlash:
            Console.out("Location: \(shown)/" + (query.map { "?\($0)" } ?? ""))
        case .serveFile, .listDirectory, .modify, .proxy, .forbidden, .notFound, .needsVerification:
            break
        }
        return (200..<400).contains(code) ? 0 : 1
    }
}
