import CTLS
import Testing
@testable import TLS

@Suite struct RenegotiationTests {
    @Test func renegotiation_isRefusedAndTheServerGoesOn() throws {
        let connection = try Connection.open(server: try Contexts.server(), client: try Contexts.client(TLSClientOptions(maximumVersion: .tls1_2)))
        defer { connection.close() }
        #expect(SSL_renegotiate(connection.client.ssl) == 1)
        var clientError: TLSError?
        var serverError: TLSError?
        var buffer = [UInt8](repeating: 0, count: 1024)
        try pump([
            (connection.pair.server.descriptor, { () throws -> Step in
                do {
                    let result = try buffer.withUnsafeMutableBytes { try connection.server.read(into: $0) }
                    if case .wouldBlock(let interest) = result { return .waiting(interest) }
                } catch let error as TLSError { serverError = error }
                return .idle
            }),
            (connection.pair.client.descriptor, { () throws -> Step in
                guard clientError == nil else { return .idle }
                do throws(TLSError) {
                    // handshake() reports the first handshake done; drive the new one directly.
                    let result = try connection.client.outcome(of: SSL_do_handshake(connection.client.ssl), "SSL_do_handshake")
                    if case .wouldBlock(let interest) = result { return .waiting(interest) }
                } catch { clientError = error }
                return .idle
            }),
        ]) { clientError != nil || serverError != nil }
        // The server answered the renegotiating ClientHello with a no_renegotiation warning
        // (RFC 5746 §4.5 leaves refusing to the server) and did not fail itself. OpenSSL 3.0
        // refuses client-initiated renegotiation by default as well; SSL_OP_NO_RENEGOTIATION
        // also rules out the server side, which the options test below checks is set.
        #expect(serverError == nil)
        #expect(clientError?.description.contains("no renegotiation") == true)
    }
}

@Suite struct ServerSettingsTests {
    @Test func serverContext_setsThePolicyOptionsAndModes() throws {
        let context = try Contexts.server([Contexts.localhostPair, Contexts.altPair])
        let pointers = try #require(context.policy).contexts
        #expect(pointers.count == 2)
        for pointer in pointers {
            let options = SSL_CTX_get_options(pointer)
            for flag in [ctls_op_cipher_server_preference, ctls_op_no_compression, ctls_op_no_renegotiation] {
                #expect(options & flag == flag)
            }
            // Kernel TLS only where this kernel has the tls ULP (else two failing syscalls a connection).
            #expect((options & ctls_op_enable_ktls != 0) == KernelTLSSupport.kernelMayOffloadTLS())
            #expect(SSL_CTX_ctrl(pointer, SSL_CTRL_GET_READ_AHEAD, 0, nil) == 1)
            let modes = UInt(SSL_CTX_ctrl(pointer, SSL_CTRL_MODE, 0, nil))
            let wanted = UInt(SSL_MODE_RELEASE_BUFFERS | SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER)
            #expect(modes & wanted == wanted)
            #expect(SSL_CTX_ctrl(pointer, SSL_CTRL_GET_SESS_CACHE_MODE, 0, nil) == Int(SSL_SESS_CACHE_SERVER))
            #expect(SSL_CTX_ctrl(pointer, SSL_CTRL_GET_SESS_CACHE_SIZE, 0, nil) == TLSLimits.sessionCacheSize)
        }
    }

    @Test func serverContext_withoutKernelTLSLeavesItOff() throws {
        let context = try Contexts.server(options: TLSServerOptions(kernelTLS: false))
        #expect(SSL_CTX_get_options(context.primary) & ctls_op_enable_ktls == 0)
    }
}
