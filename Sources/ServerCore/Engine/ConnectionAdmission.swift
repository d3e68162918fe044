import HTTPWire
import Protection
import TLS
import Transport

/// Takes an accepted socket into the server: counts it against `MaxConnections`, answers 503
/// past the cap, and starts the connection over the listener's kind of stream (plain, or a TLS
/// session with the certificates in force). One per listener and loop, on the loop's thread.
struct ConnectionAdmission {
    let context: LoopContext
    let listener: BoundListener
    let certificates: CertificateStore?

    /// Admits (or refuses) one accepted connection.
    func admit(_ accepted: Listener.Accepted) {
        let open = context.openConnections
        let count = open.increment()
        let address = ClientAddress(bytes: accepted.peer.addressBytes)
        if count > context.limits.maxConnections || context.draining {
            refuse(accepted.socket)
            open.decrement()
            return
        }
        if listener.spec.proxyProtocol {
            let admission = self
            let preamble = ProxyProtocolPreamble(context: context, socket: accepted.socket, peer: address) { socket, client in
                admission.open(socket, from: client)
            }
            do {
                try preamble.start()
            } catch {
                try? accepted.socket.close()
                open.decrement()
            }
            return
        }
        self.open(accepted.socket, from: address)
    }

    /// Starts the connection over the listener's kind of stream, for `client`.
    private func open(_ socket: Socket, from client: ClientAddress) {
        let started: Bool
        if listener.spec.tls, let certificates {
            guard let stream = try? TLSStream(context: certificates.context, socket: socket) else {
                try? socket.close()
                context.openConnections.decrement()
                return
            }
            started = start(ConnectionDriver(context: context, stream: stream, peer: ConnectionPeer(address: client, listener: .tls)))
        } else {
            started = start(ConnectionDriver(context: context, stream: PlainStream(socket), peer: ConnectionPeer(address: client, listener: .plain)))
        }
        if !started {
            try? socket.close()
            context.openConnections.decrement()
        }
    }

    private func start<Stream: ConnectionStream>(_ driver: ConnectionDriver<Stream>) -> Bool {
        do {
            try driver.start()
            return true
        } catch {
            return false
        }
    }

    /// Over the cap: 503 at once (best effort, non-blocking, in clear even on a TLS port, where
    /// the client sees a failed handshake), then close.
    private func refuse(_ socket: Socket) {
        if !listener.spec.tls {
            let plan = ResponseBuilder(for: nil, date: context.date)
                .page(.serviceUnavailable, detail: "The server is too busy. Try again shortly.",
                      fields: [HTTPField(name: "Retry-After", value: "1")], close: true, user: nil)
            var bytes = plan.head.bytes
            if case .bytes(let body) = plan.body { bytes += body }
            _ = try? bytes.withUnsafeBytes { try socket.write($0) }
        }
        try? socket.close()
    }
}
