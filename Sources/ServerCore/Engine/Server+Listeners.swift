import Protection
import Transport

extension Server {
    /// One worker's socket for a listener.
    struct WorkerSocket {
        let socket: Listener
        let listener: BoundListener
        /// The socket is shared with other workers (inherited from systemd, duplicated).
        let shared: Bool
    }

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

    /// Binds every listener once per worker (`SO_REUSEPORT`): first a probe without
    /// `SO_REUSEPORT`, so an address another server (Gatehouse or not) already listens on fails
    /// at once instead of being shared with it; then the first worker's socket, so port 0
    /// resolves to one real port the others then share.
    static func bind(_ specs: [ServerConfiguration.ListenSpec], workers: Int) throws(ServerStartError) -> (bound: [BoundListener], perWorker: [[WorkerSocket]]) {
        var bound: [BoundListener] = []
        var perWorker: [[WorkerSocket]] = Array(repeating: [], count: workers)
        for spec in specs {
            do {
                let free = try Listener.probe(spec.address)
                let first = try Listener(address: free, reusePort: true)
                let listener = BoundListener(spec: spec, address: first.boundAddress)
                bound.append(listener)
                perWorker[0].append(WorkerSocket(socket: first, listener: listener, shared: false))
                for w in 1..<workers {
                    perWorker[w].append(WorkerSocket(socket: try Listener(address: first.boundAddress, reusePort: true), listener: listener, shared: false))
                }
            } catch {
                throw ServerStartError("cannot listen on \(spec.address): \(error.message.prefix(1).lowercased() + error.message.dropFirst())")
            }
        }
        return (bound, perWorker)
    }

    /// The listening sockets systemd passed (socket activation), each shared by every worker.
    /// A socket named (`FileDescriptorName=`) with `https` or `tls` in it speaks TLS; one with
    /// `proxy` in it expects the PROXY protocol.
    static func adopt(_ inherited: [(descriptor: FileDescriptor, name: String)], workers: Int) throws(ServerStartError) -> (bound: [BoundListener], perWorker: [[WorkerSocket]]) {
        var bound: [BoundListener] = []
        var perWorker: [[WorkerSocket]] = Array(repeating: [], count: workers)
        for (descriptor, name) in inherited {
            let lowered = name.lowercased()
            do {
                let first = try Listener(inherited: descriptor)
                let spec = ServerConfiguration.ListenSpec(address: first.boundAddress, tls: lowered.contains("https") || lowered.contains("tls"),
                                                          proxyProtocol: lowered.contains("proxy"))
                let listener = BoundListener(spec: spec, address: first.boundAddress)
                bound.append(listener)
                perWorker[0].append(WorkerSocket(socket: first, listener: listener, shared: workers > 1))
                for w in 1..<workers {
                    perWorker[w].append(WorkerSocket(socket: try first.duplicate(), listener: listener, shared: true))
                }
            } catch {
                throw ServerStartError("cannot use the socket systemd passed as descriptor \(descriptor.rawValue) (\(name)): \(error.message)")
            }
        }
        return (bound, perWorker)
    }
}
