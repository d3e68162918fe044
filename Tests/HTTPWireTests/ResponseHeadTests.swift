import Testing
@testable import HTTPWire

struct ResponseHeadTests {
    @Test func serialise_writesFastPathFieldsInOrder() {
        let head = ResponseHead(
            status: .ok, version: .http11, date: "Sun, 06 Nov 1994 08:49:37 GMT", server: "Gatehouse",
            contentType: "text/html", contentLength: 1234, lastModified: 784_111_777,
            etag: EntityTag(opaqueTag: "a-b-c"), acceptsRanges: true, connection: .keepAlive,
            fields: [HTTPField(name: "Content-Range", value: "bytes 0-1/2")])
        let expected = "HTTP/1.1 200 OK\r\nDate: Sun, 06 Nov 1994 08:49:37 GMT\r\nServer: Gatehouse\r\n"
            + "Content-Type: text/html\r\nContent-Length: 1234\r\nLast-Modified: Sun, 06 Nov 1994 08:49:37 GMT\r\n"
            + "ETag: \"a-b-c\"\r\nAccept-Ranges: bytes\r\nConnection: keep-alive\r\nContent-Range: bytes 0-1/2\r\n\r\n"
        #expect(String(decoding: head.bytes, as: UTF8.self) == expected)
    }

    @Test(arguments: [
        (HTTPVersion.http10, HTTPStatus.notFound, "HTTP/1.0 404 Not Found\r\nConnection: close\r\n\r\n"),
        (.http11, .requestHeaderFieldsTooLarge, "HTTP/1.1 431 Request Header Fields Too Large\r\nConnection: close\r\n\r\n"),
        (.http11, HTTPStatus(code: 299)!, "HTTP/1.1 299 \r\nConnection: close\r\n\r\n"),
        (.http09, .ok, ""),
    ])
    func serialise_statusLineUsesRequestVersion(version: HTTPVersion, status: HTTPStatus, expected: String) {
        let head = ResponseHead(status: status, version: version, connection: .close)
        #expect(String(decoding: head.bytes, as: UTF8.self) == expected)
    }

    @Test func serialise_stripsLineBreaksFromValues() {
        let head = ResponseHead(
            status: .found, version: .http11, server: "evil\r\nX-Injected: 1",
            fields: [HTTPField(name: "Location", value: "/a\r\nSet-Cookie: x=1\u{0}"), HTTPField(name: "X", value: "tab\tkept")])
        let text = String(decoding: head.bytes, as: UTF8.self)
        #expect(text == "HTTP/1.1 302 Found\r\nServer: evilX-Injected: 1\r\nLocation: /aSet-Cookie: x=1\r\nX: tab\tkept\r\n\r\n")
    }

    @Test(arguments: ["Bad Name", "", "Na:me", "X\r\nY"])
    func serialise_skipsInvalidFieldNames(name: String) {
        let head = ResponseHead(status: .ok, version: .http11, fields: [HTTPField(name: name, value: "v")])
        #expect(String(decoding: head.bytes, as: UTF8.self) == "HTTP/1.1 200 OK\r\n\r\n")
    }

    @Test func serialise_appendsToReusedBuffer() {
        var buffer: [UInt8] = []
        buffer.reserveCapacity(256)
        ResponseHead(status: .notModified, version: .http11).serialise(into: &buffer)
        #expect(String(decoding: buffer, as: UTF8.self) == "HTTP/1.1 304 Not Modified\r\n\r\n")
        buffer.removeAll(keepingCapacity: true)
        ResponseHead(status: .noContent, version: .http10, contentLength: 0).serialise(into: &buffer)
        #expect(String(decoding: buffer, as: UTF8.self) == "HTTP/1.0 204 No Content\r\nContent-Length: 0\r\n\r\n")
    }
}
