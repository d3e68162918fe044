import CZlib

/// gzip (RFC 1952) through the system's zlib: one-shot compression for responses small enough to
/// hold in memory, and bounded decompression for tests and tools. ``GzipEncoder`` streams.
///
/// Output is deterministic: zlib writes the gzip header with no file name, mtime 0 and OS 3, so the
/// same input and level always give the same bytes (cacheable, comparable, ETag-stable).
public enum Gzip {
    /// The default compression level: 5, as Caddy uses. zlib's levels 4 to 6 share the lazy-match
    /// strategy; level 5 follows hash chains of 32 against level 6's 128, which costs noticeably
    /// less CPU for output typically within 1–2 % of level 6's size. nginx's default of 1 is faster
    /// still but gives up 10–15 % of the ratio on text; a server that caches compressed small files
    /// and must stay frugal per request on large ones sits well at 5.
    public static let defaultLevel = 5

    /// zlib's window for a gzip wrapper: 2^15 bytes, plus 16 to ask for the gzip header and trailer
    /// rather than zlib's (zlib.h, deflateInit2).
    static let gzipWindowBits: Int32 = 15 + 16

    /// The most bytes handed to zlib in one call (`avail_in` and `avail_out` are 32-bit).
    static let maxChunk = 1 << 30

    /// `level` within zlib's 0 (stored) ... 9 (best).
    static func clampedLevel(_ level: Int) -> Int32 {
        Int32(min(max(level, 0), 9))
    }

    /// `bytes` as one gzip member at `level` (clamped to 0 ... 9).
    public static func compress(_ bytes: UnsafeRawBufferPointer, level: Int = defaultLevel) -> [UInt8] {
        let encoder = GzipEncoder(level: level)
        var output: [UInt8] = []
        encoder.finish(bytes, into: &output)
        return output
    }

    /// `bytes` as one gzip member at `level` (clamped to 0 ... 9).
    public static func compress(_ bytes: [UInt8], level: Int = defaultLevel) -> [UInt8] {
        bytes.withUnsafeBytes { compress($0, level: level) }
    }

    /// The data of a gzip stream (one member, or several concatenated as RFC 1952 §2.2 allows),
    /// refusing to produce more than `maxOutputBytes`: a small hostile input can expand a
    /// thousandfold, so every caller states how much it is prepared to hold.
    public static func decompress(_ bytes: [UInt8], maxOutputBytes: Int) throws(GzipError) -> [UInt8] {
        try bytes.withUnsafeBytes { input in
            Result { () throws(GzipError) -> [UInt8] in try decompress(input, maxOutputBytes: maxOutputBytes) }
        }.get()
    }

    /// ``decompress(_:maxOutputBytes:)-([UInt8],_)`` over raw bytes.
    public static func decompress(_ bytes: UnsafeRawBufferPointer, maxOutputBytes: Int) throws(GzipError) -> [UInt8] {
        let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        stream.initialize(to: z_stream())
        defer { stream.deinitialize(count: 1); stream.deallocate() }
        guard czlib_inflateInit2(stream, gzipWindowBits) == Z_OK else { try fail(stream, "inflateInit2 failed") }
        defer { inflateEnd(stream) }
        let limit = max(maxOutputBytes, 0)
        return try withUnsafeTemporaryAllocation(of: UInt8.self, capacity: GzipEncoder.scratchBytes) { scratch throws(GzipError) in
            var output: [UInt8] = []
            var remaining = bytes
            while true {
                let take = min(remaining.count, maxChunk)
                stream.pointee.next_in = UnsafeMutablePointer(mutating: remaining.baseAddress?.assumingMemoryBound(to: Bytef.self))
                stream.pointee.avail_in = UInt32(take)
                stream.pointee.next_out = scratch.baseAddress
                stream.pointee.avail_out = UInt32(scratch.count)
                let status = inflate(stream, Z_NO_FLUSH)
                let produced = scratch.count - Int(stream.pointee.avail_out)
                guard produced <= limit - output.count else { throw .outputTooLarge(limit: limit) }
                output.append(contentsOf: UnsafeBufferPointer(rebasing: scratch[..<produced]))
                remaining = UnsafeRawBufferPointer(rebasing: remaining[(take - Int(stream.pointee.avail_in))...])
                switch status {
                case Z_STREAM_END:
                    if remaining.isEmpty { return output }
                    inflateReset(stream)  // another member follows
                case Z_OK:
                    continue
                case Z_BUF_ERROR:
                    // No progress was possible: the scratch buffer is never full at the start of a
                    // call, so the input ended inside a member.
                    throw .truncated
                default:
                    try fail(stream, "inflate failed (\(status))")
                }
            }
        }
    }

    /// Throws ``GzipError/corrupt(_:)`` with zlib's message when it gave one.
    private static func fail(_ stream: UnsafeMutablePointer<z_stream>, _ fallback: String) throws(GzipError) -> Never {
        throw .corrupt(stream.pointee.msg.map { String(cString: $0) } ?? fallback)
    }
}
