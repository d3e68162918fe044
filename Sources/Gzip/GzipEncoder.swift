import CZlib

/// A streaming gzip encoder for bodies too big to compress in one go: feed chunks with `encode`,
/// end with `finish`. It owns one zlib deflate stream (about 256 KiB at the default window and
/// memory level) and a 64 KiB output buffer for its lifetime.
///
/// Non-copyable, because the zlib stream is one mutable resource with one owner; `finish` consumes
/// the encoder, so it cannot be fed after the trailer is written. Sendable because an owner may
/// hand it to another thread, and a non-copyable value cannot be shared. Stored in a class as an
/// optional, it is driven with `encoder?.encode(chunk, into: &out)` and ended with
/// `encoder.take()?.finish(into: &out)`.
public struct GzipEncoder: ~Copyable, @unchecked Sendable {
    /// Heap-allocated because zlib keeps a pointer back to the stream and checks it on every call.
    private let stream: UnsafeMutablePointer<z_stream>
    /// Where deflate writes before the bytes are appended to the caller's output.
    private let scratch: UnsafeMutableBufferPointer<UInt8>

    /// The scratch buffer's size: a megabyte of incompressible input takes about 16 deflate calls,
    /// compressible text far fewer.
    static let scratchBytes = 64 * 1024

    /// A fresh gzip member at `level` (clamped to 0 ... 9; ``Gzip/defaultLevel`` by default). zlib
    /// failing to allocate its state traps, as Swift's own allocator does.
    public init(level: Int = Gzip.defaultLevel) {
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        scratch = .allocate(capacity: Self.scratchBytes)
        let status = czlib_deflateInit2(stream, Gzip.clampedLevel(level), Z_DEFLATED, Gzip.gzipWindowBits, 8, Z_DEFAULT_STRATEGY)
        precondition(status == Z_OK, "GzipEncoder: deflateInit2 failed with \(status) (out of memory)")
    }

    deinit {
        deflateEnd(stream)
        stream.deinitialize(count: 1)
        stream.deallocate()
        scratch.deallocate()
    }

    /// Compresses `chunk`, appending whatever compressed bytes zlib has ready to `output` (often
    /// none for small chunks: deflate holds input until it has a block's worth).
    public mutating func encode(_ chunk: UnsafeRawBufferPointer, into output: inout [UInt8]) {
        run(chunk, flush: Z_NO_FLUSH, into: &output)
    }

    /// Compresses `chunk`, appending the compressed bytes ready so far to `output`.
    public mutating func encode(_ chunk: [UInt8], into output: inout [UInt8]) {
        chunk.withUnsafeBytes { run($0, flush: Z_NO_FLUSH, into: &output) }
    }

    /// Compresses a last `chunk` and appends everything left: the final deflate block and the gzip
    /// trailer (CRC-32 and length, RFC 1952 §2.3.1).
    public consuming func finish(_ chunk: UnsafeRawBufferPointer, into output: inout [UInt8]) {
        run(chunk, flush: Z_FINISH, into: &output)
    }

    /// Compresses a last `chunk` and appends everything left, as the raw-bytes `finish` does.
    public consuming func finish(_ chunk: [UInt8], into output: inout [UInt8]) {
        chunk.withUnsafeBytes { run($0, flush: Z_FINISH, into: &output) }
    }

    /// Appends everything left: the final deflate block and the gzip trailer.
    public consuming func finish(into output: inout [UInt8]) {
        run(UnsafeRawBufferPointer(start: nil, count: 0), flush: Z_FINISH, into: &output)
    }

    /// Feeds `input` in pieces zlib's 32-bit counters can hold, flushing with `flush` after the last.
    private func run(_ input: UnsafeRawBufferPointer, flush: Int32, into output: inout [UInt8]) {
        var remaining = input
        repeat {
            let take = min(remaining.count, Gzip.maxChunk)
            stream.pointee.next_in = UnsafeMutablePointer(mutating: remaining.baseAddress?.assumingMemoryBound(to: Bytef.self))
            stream.pointee.avail_in = UInt32(take)
            remaining = UnsafeRawBufferPointer(rebasing: remaining[take...])
            deflateAvailable(flush: remaining.isEmpty ? flush : Z_NO_FLUSH, into: &output)
        } while !remaining.isEmpty
    }

    /// Calls deflate until it has taken all of `avail_in` and, for `Z_FINISH`, ended the stream
    /// (zlib.h: call again as long as it fills the output space completely). zlib writes into the
    /// encoder's scratch buffer, whose bytes are then appended, so `output` grows only by what
    /// was produced.
    private func deflateAvailable(flush: Int32, into output: inout [UInt8]) {
        while true {
            stream.pointee.next_out = scratch.baseAddress
            stream.pointee.avail_out = UInt32(scratch.count)
            let status = deflate(stream, flush)
            let unused = Int(stream.pointee.avail_out)
            output.append(contentsOf: UnsafeBufferPointer(rebasing: scratch[..<(scratch.count - unused)]))
            // Z_BUF_ERROR only says no progress was possible (nothing to do). Anything else is a
            // misuse of the stream, which this type's API rules out.
            precondition(
                status == Z_OK || status == Z_STREAM_END || status == Z_BUF_ERROR, "GzipEncoder: deflate failed with \(status)")
            if flush == Z_FINISH ? status == Z_STREAM_END : unused > 0 { return }
        }
    }
}
