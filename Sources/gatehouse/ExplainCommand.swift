import Admin
import HTTPWire
import Protection
import RequestPolicy
import ServerCore
import Transport

/// `gatehouse explain`: runs the server's own request decision on a described request and prints
/// why it would be allowed or refused, step by step, with the status the server would send.
enum ExplainCommand {
    static let usage = """
    usage: gatehouse explain [--config PATH] [--method M] [--from ADDRESS] [--tls]
                             [--user U (--password P | --password-stdin)] [--header 'NAME: VALUE']...
                             [--proxy] PATH|URL

    Runs the decision 'gatehouse serve' makes for every request — the method policy, the HTTPS
    policy, trusted proxies, the rule file's translation and the Access Request Validation
    Procedure — on a described request, and prints one line per step taken, then the status line
    and the fields the answer carries. PATH is a URL path such as /team/ (percent-escapes allowed).
      --method M          request method (default GET)
      --from ADDRESS      the peer's address (default 127.0.0.1; IPv6 as ::1)
      --tls               the request arrives over TLS (default: plain HTTP)
      --user U            user name to send Basic credentials for
      --password P        the password (visible in shell history: prefer --password-stdin)
      --password-stdin    read the password from the first line of standard input
      --header 'N: V'     an extra request field (X-Forwarded-For, Forwarded, Host, …); repeatable
      --proxy             describe a proxy request for URL (http://host/path, or host:port
                          with --method CONNECT): Proxy-Authorization, 407, no .www_acl
    Conditional and range requests (If-None-Match, Range) are answered after the decision by the
    file responder and are not shown. See Docs/semantics.md for the procedure.
    Exit status: 0 when the request would be allowed (2xx or a redirect), 1 when refused, 2 on
    usage or configuration errors.
    """

    static func run(_ args: [String]) -> Int32 {
        let list: CommandArguments
        do {
            list = try CommandArguments(args, valued: ["config", "method", "from", "user", "password", "header"],
                                        booleans: ["password-stdin", "proxy", "tls"])
        } catch {
            Console.err("gatehouse explain: \(error.description)\n\n\(usage)")
            return 2
        }
        if list.wantsHelp { Console.out(usage); return 0 }
        guard list.positionals.count == 1 else { Console.err(usage); return 2 }
        let target = list.positionals[0]
        let method = (list.value("method") ?? "GET").uppercased()
        guard HTTPMethod(rawValue: method) != nil else {
            Console.err("gatehouse explain: '\(method)' is not a method name")
            return 2
        }
        let fromText = list.value("from") ?? "127.0.0.1"
        guard let peer = ClientAddress(parsing: fromText) else {
            Console.err("gatehouse explain: '\(fromText)' is not an IPv4 or IPv6 address")
            return 2
        }
        let proxy = list.has("proxy")
        if proxy != !target.hasPrefix("/") {
            Console.err(proxy ? "gatehouse explain: with --proxy give an absolute URL (http://host/path) or, with --method CONNECT, host:port"
                              : "gatehouse explain: give a URL path starting with '/' (or --proxy with http://host/path)")
            return 2
        }
        var password = list.value("password")
        if list.has("password-stdin") {
            password = (try? FileSystem.readLine(.standardInput)) ?? nil
            if password == nil { Console.err("gatehouse explain: no password on standard input"); return 2 }
        }
        var fields: [String] = []
        if let user = list.value("user") {
            guard let password else { Console.err("gatehouse explain: --user needs --password or --password-stdin"); return 2 }
            fields.append("\(proxy ? "Proxy-Authorization" : "Authorization"): Basic " + Base64.encode(Array((user + ":" + password).utf8)))
        } else if password != nil {
            Console.err("gatehouse explain: a password needs --user")
            return 2
        }
        for field in list.values("header") {
            guard field.contains(":"), !field.contains("\r"), !field.contains("\n") else {
                Console.err("gatehouse explain: --header takes 'Name: value', not '\(field)'")
                return 2
            }
            fields.append(field)
        }
        let head: RequestHead
        do {
            head = try describedRequest(method: method, target: target, proxy: proxy, fields: fields)
        } catch {
            Console.err("gatehouse explain: \(target): \(error.reason) (the server answers \(error.status))")
            return 1
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
        let settings = DecisionSettings(rules: snapshot.ruleFile, tlsPorts: tlsPorts(snapshot.ruleFile))
        let decider = RequestDecider(router: router, settings: settings)
        let answer = decider.decide(head, peer: peer, listener: list.has("tls") ? .tls : .plain, throttle: NoLoginThrottle(), tracing: true)
        Console.out("\(method) \(shown(target, head: head)) from \(peer)" + (answer.client != peer ? " for \(answer.client)" : "")
                    + (list.value("user").map { " as '\($0)'" } ?? " without credentials"))
        for step in answer.trace { Console.out(step.description) }
        let (status, extra) = ExplainOutcome.describe(answer)
        Console.out("HTTP/1.1 \(status)")
        for field in answer.fields + answer.commonFields { Console.out("\(field.name): \(field.value)") }
        for line in extra { Console.out(line) }
        return (200..<400).contains(status.code) ? 0 : 1
    }

    /// The request head the described request would have on the wire, parsed by the server's
    /// own parser (so the target is normalised exactly as the server does it).
    static func describedRequest(method: String, target: String, proxy: Bool, fields: [String]) throws(HTTPParseError) -> RequestHead {
        var host = "localhost"
        if proxy {
            // An absolute-form request names its authority in Host too (RFC 9112 §3.2.2).
            var authority = Substring(target)
            if let colon = authority.firstIndex(of: ":"), authority[colon...].hasPrefix("://") {
                authority = authority[authority.index(colon, offsetBy: 3)...]
            }
            host = String(authority.prefix { $0 != "/" && $0 != "?" })
        }
        var text = "\(method) \(target) HTTP/1.1\r\n"
        func has(_ name: String) -> Bool { fields.contains { $0.lowercased().hasPrefix(name + ":") } }
        if !has("host") { text += "Host: \(host)\r\n" }
        // An upload is described as one with a body of unknown length, as `curl -T -` sends it.
        if (method == "PUT" || method == "POST") && !has("content-length") && !has("transfer-encoding") {
            text += "Transfer-Encoding: chunked\r\n"
        }
        for field in fields { text += field + "\r\n" }
        return try RequestHead(parsing: Array((text + "\r\n").utf8))
    }

    /// The target as the rules see it: the decoded path, or the proxy's canonical URL.
    static func shown(_ target: String, head: RequestHead) -> String {
        switch try? head.normalisedTarget() {
        case .origin(let path, let query): return path.path + (query.map { "?" + $0 } ?? "")
        case .absolute(let absolute): return (try? ProxyURL.canonical(absolute)) ?? target
        case .authority(let host, let port): return ProxyURL.canonical(connectHost: host, port: port)
        case .asterisk, nil: return target
        }
    }

    /// The ports of the rule file's TLS listeners (they set the HTTPS policy's defaults).
    static func tlsPorts(_ rules: RuleFile) -> [Int] {
        rules.settings.tlsListen.compactMap { (try? SocketAddress(parsing: $0.value)).map { Int($0.port) } }
    }
}
