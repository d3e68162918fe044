import Foundation
import Synchronization
import Testing
import Transport
@testable import TLS

/// Interoperability with OpenSSL's own client: `openssl s_client` against a one-connection
/// listener served by a `TLSSession` on a worker thread.
@Suite struct OpenSSLCommandTests {
    /// What the served connection saw.
    struct Served: Sendable {
        var version = ""
        var alpn: String?
        var received: [UInt8] = []
        var error: TLSError?
    }

    /// Hands the served connection's record from the worker thread to the test.
    final class Box: Sendable {
        private let storage = Mutex(Served())
        func set(_ served: Served) { storage.withLock { $0 = served } }
        var value: Served { storage.withLock { $0 } }
    }

    /// Serves one connection: reads `expected` bytes, answers "pong\n", sends close_notify.
    private func serveOne(_ listener: Listener, expected: Int, into result: Box) throws -> WorkerThread {
        let context = try Contexts.server()
        return try WorkerThread(name: "s_client-peer") {
            var served = Served()
            defer { result.set(served) }
            do {
                try wait(for: listener.descriptor, .readable)
                guard case .done(let accepted) = try listener.accept() else { return }
                defer { try? accepted.socket.close() }
                let session = try TLSSession(serving: context, socket: accepted.socket)
                let peer = Peer(session, sending: Array("pong\n".utf8), expecting: expected)
                defer { served.received = peer.received }
                do {
                    try pump([(accepted.socket.descriptor, peer.step)]) { peer.isDone }
                } catch let error as TLSError {
                    served.error = error
                    return
                }
                served.version = session.protocolVersion
                served.alpn = session.negotiatedALPN
                session.shutdown()
            } catch {
                served.error = TLSError(.protocolFailure, detail: "\(error)")
            }
        }
    }

    /// Runs `openssl s_client` with `arguments` against `listener`, feeding "ping\n"; returns
    /// its exit status and output.
    private func sClient(_ listener: Listener, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        process.arguments = ["s_client", "-connect", "127.0.0.1:\(listener.boundAddress.port)", "-servername", "localhost",
                             "-CAfile", CertificateFixture.shared.caPath, "-verify_return_error", "-ign_eof"] + arguments
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = output
        try process.run()
        input.fileHandleForWriting.write(Data("ping\n".utf8))
        try input.fileHandleForWriting.close()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, text)
    }

    /// Serves one connection to `openssl s_client arguments`; returns both sides' view.
    private func run(_ arguments: [String]) throws -> (status: Int32, output: String, served: Served) {
        let listener = try Listener(address: .loopbackIPv4(port: 0))
        defer { try? listener.close() }
        let result = Box()
        let server = try serveOne(listener, expected: 5, into: result)
        let (status, output) = try sClient(listener, arguments)
        server.join()
        return (status, output, result.value)
    }

    @Test func sClient_tls13WithALPNWorks() throws {
        let (status, output, served) = try run(["-tls1_3", "-alpn", "http/1.1"])
        #expect(status == 0, "\(output)")
        #expect(output.contains("TLSv1.3"))
        #expect(output.contains("Verify return code: 0 (ok)"))
        #expect(output.contains("pong"))
        #expect(served.error == nil)
        #expect(served.version == "TLSv1.3")
        #expect(served.alpn == "http/1.1")
        #expect(served.received == Array("ping\n".utf8))
    }

    @Test func sClient_tls11IsRefused() throws {
        // Security level 0 lets the client offer TLS 1.1 at all.
        let (status, output, served) = try run(["-tls1_1", "-cipher", "DEFAULT@SECLEVEL=0"])
        #expect(status != 0)
        #expect(output.contains("alert protocol version"), "\(output)")
        #expect(served.error?.kind == .unsupportedVersion)
    }
}
