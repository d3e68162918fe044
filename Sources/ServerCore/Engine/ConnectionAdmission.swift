import HTTPWire
import Protection
import TLS
import Transport

/// Takes an accepted socket into the server: counts it against `MaxConnections` and its
/// address's `MaxConnectionsPerAddress` (trusted proxies, which carry many clients, are not
/// limited per address). At the cap it first reclaims this loop's longest-idle keep-alive
/// connection (nginx's reusable connections), and answers 503 only when none is idle; every 503
/// goes to the error log. Then it starts the connection over the listener's kind of stream
/// (plain, or a TLS session with the certificates in force), after the PROXY protocol header on
/// listeners that expect one. One per listener and loop, on the loop's thread.
struct ConnectionAdmission {
    let context: LoopContext
    let listener: BoundListener
    let certificates: CertificateStore?
    /// Connections per address, shared by every loop.
    let perAddress: AddressCounts

    /// Admits (or refuses) one accepted connection.
    func admit(_ accepted: Listener.Accepted) {
        let open = context.openConnections
        let address = ClientAddress(bytes: accepted.peer.addressBytes)
        let limits = context.limits
        if context.draining {
            refuse(accepted.socket, address: address, reason: nil)
            return
        }
        if open.increment() > limits.maxConnections && !context.reclaimIdleConnection() {
            open.decrement()
            refuse(accepted.socket, address: address, reason: "MaxConnections (\(limits.maxConnections)) reached and no connection idle")
            return
        }
        let trusted = context.served().1.isTrusted(address)
        if !trusted && !perAddress.acquire(address, limit: limits.maxConnectionsPerAddress) {
            open.decrement()
            refuse(accepted.socket, address: address,
                   reason: "\(address) holds MaxConnectionsPerAddress (\(limits.maxConnectionsPerAddress)) connections")
            return
        }
        let slot = ConnectionSlot(address: address, open: open, perAddress: trusted ? nil : perAddress)
        if listener.spec.proxyProtocol {
            let admission = self
            let preamble = ProxyProtocolPreamble(context: context, socket: accepted.socket, peer: address, slot: slot) { socket, client in
                admission.open(socket, from: client, slot: slot)
            }
            do {
                try preamble.start()
            } catch {
                try? accepted.socket.close()
                slot.release()
            }
            return
        }
        self.open(accepted.socket, from: address, slot: slot)
    }

    /// Starts the connection over the listener's kind of stream, for `client`.
    private func open(_ socket: Socket, from client: ClientAddress, slot: ConnectionSlot) {
        let started: Bool
        if listener.spec.tls, let certificates {
            guard let stream = try? TLSStream(context: certificates.context, socket: socket, slot: slot) else {
                try? socket.close()
                slot.release()
                return
            }
            started = start(ConnectionDriver(context: context, stream: stream, peer: ConnectionPeer(address: client, listener: .tls)))
        } else {
            started = start(ConnectionDriver(context: context, stream: PlainStream(socket, slot: slot),
                                             peer: ConnectionPeer(address: client, listener: .plain)))
        }
        if !started {
            try? socket.close()
            slot.release()
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

    /// 503 at once (best effort, non-blocking; in clear only on a plain port — on a TLS port
    /// the client sees a failed handshake), then close; logged with `reason` unless draining.
    private func refuse(_ socket: Socket, address: ClientAddress, reason: String?) {
        if let reason { context.logs.error("503 Service Unavailable: \(reason)", client: address.description) }
        if !listener.spec.tls {
            let plan = ResponseBuilder(for: nil, date: context.date)
                .page(.serviceUnavailable, detail: "The server is too busy. Try again shortly.",
                      fields: [HTTPField(name: "Retry-After", value: "1")], close: true, user: nil)
            var bytes = plan.head.bytes
            if case .bytes(let body) = plan.body { bytes += body }
            _ = try? bytes.withUnsafeBytes { try socket.write($0) }
            // A request already received would make the close a reset, which can destroy the
            // 503 at the client before it is read: take it first, so the close is a FIN.
            _ = try? socket.read(into: context.loop.readBuffer)
        }
        try? socket.close()
    }
}
