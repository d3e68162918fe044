import Testing
@testable import HTTPWire

struct MultipartByteRangesTests {
    /// A 100-byte "file": bytes 0, 1, … 99 as ASCII letters and digits, so parts are readable.
    static let file: [UInt8] = (0..<100).map { UInt8(ascii: "a") + UInt8($0 % 26) }

    /// The body as the server would send it: literal segments as they are, file segments read from `file`.
    static func assemble(_ body: MultipartByteRanges, file: [UInt8] = file) -> [UInt8] {
        var out: [UInt8] = []
        for segment in body.segments {
            switch segment {
            case .bytes(let bytes): out += bytes
            case .file(let offset, let length): out += file[offset..<(offset + length)]
            }
        }
        return out
    }

    @Test func body_isExactlyTheRfcForm() {
        let body = MultipartByteRanges(ranges: [0...2, 26...27], fileSize: 100, partContentType: "text/plain", seed: 7)
        let b = body.boundary
        let expected = "--\(b)\r\nContent-Type: text/plain\r\nContent-Range: bytes 0-2/100\r\n\r\nabc"
            + "\r\n--\(b)\r\nContent-Type: text/plain\r\nContent-Range: bytes 26-27/100\r\n\r\nab"
            + "\r\n--\(b)--\r\n"
        #expect(String(decoding: Self.assemble(body), as: UTF8.self) == expected)
        #expect(body.contentLength == expected.utf8.count)
        #expect(body.contentType == "multipart/byteranges; boundary=\(b)")
    }

    @Test func segments_alternateLiteralAndFile() {
        let body = MultipartByteRanges(ranges: [10...19, 0...4, 50...99], fileSize: 100, partContentType: nil, seed: 1)
        let files = body.segments.compactMap { segment -> [Int]? in
            if case .file(let offset, let length) = segment { return [offset, length] }
            return nil
        }
        #expect(files == [[10, 10], [0, 5], [50, 50]])
        #expect(body.segments.count == 7)
        #expect(body.contentLength == Self.assemble(body).count)
        #expect(!String(decoding: Self.assemble(body), as: UTF8.self).contains("Content-Type"))
    }

    @Test func partType_cannotSplitTheHeader() {
        let body = MultipartByteRanges(ranges: [0...0, 1...1], fileSize: 2, partContentType: "text/x\r\nX: y", seed: 3)
        let text = String(decoding: Self.assemble(body, file: [0x41, 0x42]), as: UTF8.self)
        #expect(text.contains("Content-Type: text/xX: y\r\n"))
    }

    @Test func rangesOutsideTheFile_areLeftOut() {
        let body = MultipartByteRanges(ranges: [0...1, 5...200, -1...0], fileSize: 100, partContentType: nil, seed: 3)
        #expect(body.segments.filter { if case .file = $0 { true } else { false } }.count == 1)
        #expect(body.contentLength == Self.assemble(body).count)
    }

    @Test func boundary_isDeterministicPerSeedAndDiffersAcrossSeeds() {
        let boundaries = (0..<64).map { MultipartByteRanges.boundary(seed: UInt64($0)) }
        #expect(Set(boundaries).count == 64)
        #expect(MultipartByteRanges.boundary(seed: 42) == MultipartByteRanges.boundary(seed: 42))
        for boundary in boundaries {
            #expect(boundary.utf8.count == 32)
            #expect(boundary.utf8.allSatisfy { "0123456789abcdef".utf8.contains($0) })
        }
    }

    @Test func boundary_knownValue() {
        // SplitMix64 of 0 is 0xe220a8397b1dcdaf (the published first output for seed 0).
        #expect(MultipartByteRanges.boundary(seed: 0).hasPrefix("e220a8397b1dcdaf"))
    }
}
