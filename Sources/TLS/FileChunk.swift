import Transport

/// File bytes `TLSSession.sendFile` has read but OpenSSL has not yet accepted, kept so a send
/// that would block is retried with the very same plaintext (OpenSSL's write retry contract).
/// The buffer is one TLS record (`TLSLimits.sendFileChunkBytes`), allocated when a file send
/// starts and released when the requested range has gone out.
struct FileChunk {
    /// The plaintext buffer, owned by the chunk (see `release`).
    let buffer: UnsafeMutableRawBufferPointer
    /// The file the bytes came from.
    var file = FileDescriptor(rawValue: -1)
    /// The file offset of `buffer[start]`.
    var offset: Int64 = 0
    /// First byte not yet accepted by OpenSSL.
    var start = 0
    /// End of the bytes read.
    var end = 0

    /// Allocates the buffer.
    init() {
        buffer = .allocate(byteCount: TLSLimits.sendFileChunkBytes, alignment: 16)
    }

    /// Whether every byte read has been accepted.
    var isDrained: Bool { start == end }

    /// The bytes still to hand to OpenSSL.
    var pending: UnsafeRawBufferPointer { UnsafeRawBufferPointer(rebasing: buffer[start..<end]) }

    /// Fills the buffer with up to `count` bytes of `file` from `offset` (`pread`); returns how
    /// many (0 at end of file).
    mutating func fill(from file: FileDescriptor, at offset: Int64, count: Int) throws(Errno) -> Int {
        let wanted = UnsafeMutableRawBufferPointer(rebasing: buffer[..<min(count, buffer.count)])
        let read = try FileSystem.read(file, into: wanted, at: offset)
        self.file = file
        self.offset = offset
        start = 0
        end = read
        return read
    }

    /// Records that OpenSSL took `count` more bytes.
    mutating func advance(by count: Int) {
        start += count
        offset += Int64(count)
    }

    /// Frees the buffer; the chunk must not be used afterwards.
    func release() { buffer.deallocate() }
}
