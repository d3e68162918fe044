import Protection
import Transport

extension Server {
    /// The listeners to bind: those given on the command line, else the rule file's (`Port`,
    /// default 8080 on 127.0.0.1, and every `TLSListen`). `ProxyProtocol On` marks the rule
    /// file's listeners.
    static func listenSpecs(_ configuration: ServerConfiguration, rules: RuleFile) throws(ServerStartError) -> [ServerConfiguration.ListenSpec] {
        if !configuration.listen.isEmpty { return configuration.listen }
        let settings = rules.settings
        var specs = [ServerConfiguration.ListenSpec(address: .loopbackIPv4(port: UInt16(rules.port ?? 8080)), proxyProtocol: settings.proxyProtocol)]
        for line in settings.tlsListen {
            do {
                specs.append(.init(address: try SocketAddress(parsing: line.value), tls: true, proxyProtocol: settings.proxyProtocol))
            } catch {
                throw ServerStartError("\(rules.path):\(line.line): TLSListen: \(error)")
            }
        }
        return specs
    }

    /// Binds every listener once per worker (`SO_REUSEPORT`): the first worker's socket first,
    /// so port 0 resolves to one real port the others then share.
    static func bind(_ specs: [ServerConfiguration.ListenSpec], workers: Int) throws(ServerStartError) -> (bound: [BoundListener], perWorker: [[(Listener, BoundListener)]]) {
        var bound: [BoundListener] = []
        var perWorker: [[(Listener, BoundListener)]] = Array(repeating: [], count: workers)
        for spec in specs {
            do {
                let first = try Listener(address: spec.address, reusePort: true)
                let listener = BoundListener(spec: spec, address: first.boundAddress)
                bound.append(listener)
                perWorker[0].append((first, listener))
                for w in 1..<workers {
                    perWorker[w].append((try Listener(address: first.boundAddress, reusePort: true), listener))
                }
            } catch {
                throw ServerStartError("cannot listen on \(spec.address): \(error.message)")
            }
        }
        return (bound, perWorker)
    }
}
