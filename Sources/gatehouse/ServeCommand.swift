import Admin
import Protection
import ServerCore
import Transport

/// `gatehouse serve`: runs the server.
enum ServeCommand {
    static let usage = """
    usage: gatehouse serve [--config PATH] [--listen HOST:PORT[,proxy-protocol]]...
                           [--listen-tls HOST:PORT[,proxy-protocol]]... [--workers N]
                           [--access-log PATH|-] [--error-log PATH|-]

    Serves the document tree under the rule file (default: protection/httpd.conf, the bundled
    samples) and runs the Access Request Validation Procedure before every document.
      --config PATH        the rule file
      --listen HOST:PORT   a plain HTTP listener; repeatable; IPv6 as [::1]:8080; port 0 picks a
                           free port; ',proxy-protocol' expects a PROXY protocol header first
      --listen-tls HOST:PORT
                           an HTTPS listener (needs TLSCertificate and TLSCertificateKey in the
                           rule file); repeatable
                           (without --listen or --listen-tls: 127.0.0.1 on the rule file's Port,
                           else 8080, plus every TLSListen line)
      --workers N          worker threads, each with its own event loop, 1 to 256 (default: the
                           cores this process may run on, as narrowed by taskset or a cpuset)
      --access-log PATH    the access log; '-' for standard output
                           (default: the rule file's AccessLog, else standard output)
      --error-log PATH     error log; '-' for standard output (default: ErrorLog, else standard error)
    Listening sockets passed by systemd (LISTEN_FDS) replace every listener above. Started as
    root, it binds, opens the logs and reads the certificate, then serves as UserId/GroupId
    (default nobody/nogroup). Prints one line saying where it listens and as whom. SIGHUP
    reloads the protection files and the TLS certificate at once (they are also reloaded within
    a second of any change); SIGUSR1 reopens the logs; SIGTERM or SIGINT finish requests in
    flight (up to 10 s) and exit 0.
    """

    static func run(_ args: [String]) -> Int32 {
        let list: CommandArguments
        do {
            list = try CommandArguments(args, valued: ["config", "listen", "listen-tls", "workers", "access-log", "error-log"], booleans: [])
        } catch {
            Console.err("gatehouse serve: \(error.description)\n\n\(usage)")
            return 2
        }
        if list.wantsHelp { Console.out(usage); return 0 }
        guard list.positionals.isEmpty else { Console.err(usage); return 2 }
        var listen: [ServerConfiguration.ListenSpec] = []
        for (flag, tls) in [("listen", false), ("listen-tls", true)] {
            for text in list.values(flag) {
                do {
                    listen.append(try listenSpec(text, tls: tls))
                } catch {
                    Console.err("gatehouse serve: --\(flag): \(error)")
                    return 2
                }
            }
        }
        var workers = SystemInfo.usableProcessorCount
        if let w = list.value("workers") {
            guard let n = Int(w), (1...256).contains(n) else {
                Console.err("gatehouse serve: --workers takes a number from 1 to 256")
                return 2
            }
            workers = n
        }
        let config = ConfigLocation.resolve(list.value("config"))
        if let missing = ConfigLocation.missing(config) {
            Console.err("gatehouse serve: \(missing)")
            return 1
        }
        let configuration = ServerConfiguration(configPath: config, listen: listen,
                                                workers: workers, accessLog: list.value("access-log"), errorLog: list.value("error-log"))
        let server: Server
        do {
            server = try Server(configuration)
        } catch {
            Console.err("gatehouse serve: \(error)")
            return 1
        }
        let where_ = server.listeners.map(\.url).joined(separator: " ")
        Console.out("Gatehouse \(GatehouseVersion.string) listening on \(where_) (\(workers) worker\(workers == 1 ? "" : "s"), "
                    + "serving as \(server.servingAs), rules \(configuration.configPath))")
        do {
            try server.run()
        } catch {
            Console.err("gatehouse serve: \(error)")
            return 1
        }
        return 0
    }

    /// `HOST:PORT` or `HOST:PORT,proxy-protocol`.
    static func listenSpec(_ text: String, tls: Bool) throws(SocketAddress.ParseError) -> ServerConfiguration.ListenSpec {
        var address = Substring(text)
        var proxyProtocol = false
        if let comma = address.lastIndex(of: ","), address[address.index(after: comma)...] == "proxy-protocol" {
            proxyProtocol = true
            address = address[..<comma]
        }
        return ServerConfiguration.ListenSpec(address: try SocketAddress(parsing: String(address)), tls: tls, proxyProtocol: proxyProtocol)
    }
}
