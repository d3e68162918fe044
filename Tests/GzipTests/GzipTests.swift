import Testing
@testable import Gzip

struct GzipTests {
    static let inputs: [(String, [UInt8])] = [
        ("empty", []),
        ("one byte", [0x41]),
        ("small text", Array("Hello, Gatehouse! Hello, Gatehouse!\n".utf8)),
        ("1 MiB random", GzipTestData.random(1 << 20)),
        ("1 MiB text", GzipTestData.text(1 << 20)),
    ]

    @Test(arguments: inputs.map(\.0), [0, 1, Gzip.defaultLevel, 9])
    func compress_roundTrips(name: String, level: Int) throws {
        let input = try #require(Self.inputs.first { $0.0 == name }?.1)
        let compressed = Gzip.compress(input, level: level)
        #expect(try Gzip.decompress(compressed, maxOutputBytes: input.count) == input)
    }

    @Test func compress_writesDeterministicGzipHeader() {
        let input = GzipTestData.text(10_000)
        let first = Gzip.compress(input)
        #expect(first == Gzip.compress(input))
        // RFC 1952 §2.3: ID1 ID2 CM=8 (deflate), FLG=0 (no name), MTIME=0.
        #expect(Array(first.prefix(8)) == [0x1F, 0x8B, 0x08, 0x00, 0, 0, 0, 0])
        // ISIZE, the input length mod 2^32, little-endian, closes the member.
        #expect(Array(first.suffix(4)) == [0x10, 0x27, 0x00, 0x00])
    }

    @Test func compress_shrinksTextAndLevelsDiffer() {
        let input = GzipTestData.text(1 << 20)
        let fast = Gzip.compress(input, level: 1)
        let standard = Gzip.compress(input)
        #expect(standard.count < input.count / 4)
        #expect(standard.count <= fast.count)
        #expect(Gzip.compress(input, level: 42) == Gzip.compress(input, level: 9))
        #expect(Gzip.compress(input, level: -3) == Gzip.compress(input, level: 0))
    }

    @Test(arguments: [1, 7, 1000, 4096, 65_536, 300_000])
    func encoder_streamingMatchesOneShot(chunkSize: Int) throws {
        let input = GzipTestData.text(700_000) + GzipTestData.random(100_000)
        var encoder = GzipEncoder()
        var streamed: [UInt8] = []
        var offset = 0
        while offset < input.count {
            let end = min(offset + chunkSize, input.count)
            input[offset..<end].withUnsafeBytes { encoder.encode($0, into: &streamed) }
            offset = end
        }
        encoder.finish(into: &streamed)
        let decoded = try Gzip.decompress(streamed, maxOutputBytes: input.count)
        #expect(decoded == input)
        #expect(try Gzip.decompress(Gzip.compress(input), maxOutputBytes: input.count) == decoded)
    }

    @Test func encoder_finishWithLastChunkAndArrayInput() throws {
        let head = GzipTestData.text(5000)
        let tail = GzipTestData.text(3000)
        var encoder = GzipEncoder(level: 9)
        var output: [UInt8] = []
        encoder.encode(head, into: &output)
        encoder.finish(tail, into: &output)
        #expect(try Gzip.decompress(output, maxOutputBytes: 8000) == head + tail)
    }

    /// How a connection object would hold an encoder: an optional stored property of a class.
    final class Holder {
        var encoder: GzipEncoder? = GzipEncoder()
        var output: [UInt8] = []
        var isFinished: Bool {
            switch encoder {
            case .none: true
            case .some: false
            }
        }
    }

    @Test func encoder_drivenFromAClassProperty() throws {
        let holder = Holder()
        let input = GzipTestData.text(50_000)
        holder.encoder?.encode(input, into: &holder.output)
        holder.encoder.take()?.finish(into: &holder.output)
        #expect(holder.isFinished)
        #expect(try Gzip.decompress(holder.output, maxOutputBytes: input.count) == input)
    }

    @Test func decompress_refusesOutputPastTheLimit() throws {
        let bomb = Gzip.compress([UInt8](repeating: 0, count: 10 << 20), level: 9)
        #expect(bomb.count < 20_000)
        #expect(throws: GzipError.outputTooLarge(limit: 1 << 20)) { try Gzip.decompress(bomb, maxOutputBytes: 1 << 20) }
        #expect(try Gzip.decompress(bomb, maxOutputBytes: 10 << 20).count == 10 << 20)
        #expect(throws: GzipError.outputTooLarge(limit: (10 << 20) - 1)) {
            try Gzip.decompress(bomb, maxOutputBytes: (10 << 20) - 1)
        }
    }

    @Test func decompress_reportsTruncationAndCorruption() {
        let compressed = Gzip.compress(GzipTestData.text(10_000))
        #expect(throws: GzipError.truncated) { try Gzip.decompress(Array(compressed.dropLast(5)), maxOutputBytes: 10_000) }
        #expect(throws: GzipError.truncated) { try Gzip.decompress([], maxOutputBytes: 10) }
        var flipped = compressed
        flipped[flipped.count - 6] ^= 0xFF  // inside the CRC-32
        #expect(throws: GzipError.self) { try Gzip.decompress(flipped, maxOutputBytes: 10_000) }
        #expect(throws: GzipError.self) { try Gzip.decompress(Array("GET / HTTP/1.1\r\n".utf8), maxOutputBytes: 100) }
        #expect(throws: GzipError.self) { try Gzip.decompress(compressed + [1, 2, 3], maxOutputBytes: 10_000) }
    }

    @Test func decompress_concatenatesMembers() throws {
        let joined = Gzip.compress(Array("abc".utf8)) + Gzip.compress(Array("def".utf8))
        #expect(try Gzip.decompress(joined, maxOutputBytes: 6) == Array("abcdef".utf8))
    }
}

@Suite(.enabled(if: GzipTestData.python != nil, "python3 is not installed"))
struct GzipPythonInteropTests {
    @Test(arguments: [0, 1, 10_000, 1 << 20])
    func python_decompressesOurOutput(size: Int) throws {
        let input = GzipTestData.text(size / 2) + GzipTestData.random(size - size / 2)
        let script = "import gzip,sys; open(sys.argv[2],'wb').write(gzip.decompress(open(sys.argv[1],'rb').read()))"
        #expect(try GzipTestData.runPython(script, input: Gzip.compress(input)) == input)

        var encoder = GzipEncoder(level: 1)
        var streamed: [UInt8] = []
        encoder.encode(input, into: &streamed)
        encoder.finish(into: &streamed)
        #expect(try GzipTestData.runPython(script, input: streamed) == input)
    }

    @Test func we_decompressPythonsOutput() throws {
        let input = GzipTestData.text(200_000)
        let script = "import gzip,sys; open(sys.argv[2],'wb').write(gzip.compress(open(sys.argv[1],'rb').read(), mtime=0))"
        let compressed = try GzipTestData.runPython(script, input: input)
        #expect(try Gzip.decompress(compressed, maxOutputBytes: input.count) == input)
    }
}
