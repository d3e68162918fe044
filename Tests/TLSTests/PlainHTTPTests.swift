import Testing
import Transport
@testable import TLS

@Suite struct PlainHTTPTests {
    /// What the server session's first read makes of `bytes` sent in clear.
    private func firstReadError(of bytes: String) throws -> (error: TLSError?, pair: SocketPair, session: TLSSession) {
        let pair = try SocketPair.make()
        let session = try TLSSession(serving: try Contexts.server(), socket: pair.server)
        let request = Array(bytes.utf8)
        #expect(try request.withUnsafeBytes { try pair.client.write($0) } == .bytes(request.count))
        var failure: TLSError?
        var buffer = [UInt8](repeating: 0, count: 1024)
        try pump([(pair.server.descriptor, { () throws -> Step in
            guard failure == nil else { return .idle }
            do {
                let result = try buffer.withUnsafeMutableBytes { try session.read(into: $0) }
                if case .wouldBlock(let interest) = result { return .waiting(interest) }
                Issue.record("read returned \(result)")
                return .idle
            } catch let error as TLSError {
                failure = error
                return .idle
            }
        })]) { failure != nil }
        return (failure, pair, session)
    }

    @Test(arguments: ["GET / HTTP/1.1\r\nHost: localhost\r\n\r\n", "POST /form HTTP/1.1\r\n", "HEAD / HTTP/1.0\r\n\r\n",
                      "PUT /x HTTP/1.1\r\n", "CONNECT localhost:443 HTTP/1.1\r\n\r\n"])
    func plainRequest_isReportedDistinctly(request: String) throws {
        let (error, pair, _) = try firstReadError(of: request)
        defer { pair.close() }
        #expect(error?.kind == .plainHTTPRequest)
    }

    @Test func plainRequest_canBeAnsweredInClearText() throws {
        let (error, pair, session) = try firstReadError(of: "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n")
        defer { pair.close() }
        #expect(error?.kind == .plainHTTPRequest)
        #expect(session.shutdown() == false)
        let answer = Array("HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\nThe plain HTTP request was sent to HTTPS port\r\n".utf8)
        #expect(try answer.withUnsafeBytes { try pair.server.write($0) } == .bytes(answer.count))
        try wait(for: pair.client.descriptor, .readable)
        var buffer = [UInt8](repeating: 0, count: 1024)
        let result = try buffer.withUnsafeMutableBytes { try pair.client.read(into: $0) }
        #expect(result == .bytes(answer.count))
        #expect(Array(buffer.prefix(answer.count)) == answer)
    }

    @Test func otherCleartext_isABadRecordNotPlainHTTP() throws {
        let (error, pair, _) = try firstReadError(of: "hello there, this is not TLS\r\n")
        defer { pair.close() }
        #expect(error?.kind == .badRecord)
    }
}
