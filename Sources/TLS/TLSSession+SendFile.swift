import CTLS
import Transport

extension TLSSession {
    /// Sends up to `count` bytes of `file` from `offset` over TLS; the caller advances its
    /// offset by the result, as with `Socket.sendfile`. `.bytes(0)` means the file ended before
    /// the range did (truncated while served): an error, never retried. `count` must be > 0.
    ///
    /// With kernel TLS on this connection (`kernelTLSSend`) this is `SSL_sendfile`: zero copy,
    /// the kernel encrypts. Otherwise the session reads one record's worth of the file
    /// (`pread`, into a chunk it allocates for the transfer) and `SSL_write`s it; the chunk is
    /// kept across `.wouldBlock` and freed once the range has gone out. The retry contract:
    /// after `.wouldBlock`, call `sendFile` again with the same file and offset (advanced by
    /// whatever was returned) before any other write.
    public func sendFile(_ file: FileDescriptor, offset: Int64, count: Int) throws(TLSError) -> TLSTransfer {
        guard count > 0 else { return .bytes(0) }
        if kernelTLSSend { return try sendFileInKernel(file, offset: offset, count: count) }
        if var pending = chunk, !pending.isDrained {
            guard pending.file == file, pending.offset == offset else {
                throw TLSError(.misuse, detail: "sendFile retried at \(file) offset \(offset), expected \(pending.file) offset \(pending.offset)")
            }
            return try writeChunk(&pending, count: count)
        }
        var fresh = chunk ?? FileChunk()
        chunk = fresh
        let read: Int
        do throws(Errno) {
            read = try fresh.fill(from: file, at: offset, count: count)
        } catch {
            releaseChunk()
            throw TLSError(.fileRead, detail: error.description)
        }
        guard read > 0 else {
            releaseChunk()
            return .bytes(0)
        }
        return try writeChunk(&fresh, count: count)
    }

    /// Hands the chunk's pending bytes to OpenSSL and stores the chunk back; frees it once the
    /// caller's range (`count` bytes from the chunk's offset) is complete.
    private func writeChunk(_ pending: inout FileChunk, count: Int) throws(TLSError) -> TLSTransfer {
        let bytes = pending.pending
        OpenSSLErrorQueue.clear()
        let result = SSL_write(ssl, bytes.baseAddress, Int32(bytes.count))
        guard result > 0 else {
            chunk = pending
            return try outcome(of: result, "SSL_write")
        }
        pending.advance(by: Int(result))
        chunk = pending
        if Int(result) >= count { releaseChunk() }
        return .bytes(Int(result))
    }

    /// `SSL_sendfile`: the kernel reads the file and encrypts.
    private func sendFileInKernel(_ file: FileDescriptor, offset: Int64, count: Int) throws(TLSError) -> TLSTransfer {
        OpenSSLErrorQueue.clear()
        let sent = SSL_sendfile(ssl, file.rawValue, off_t(offset), count, 0)
        if sent >= 0 { return .bytes(sent) }
        return try outcome(of: -1, "SSL_sendfile")
    }

    /// Frees `sendFile`'s chunk.
    func releaseChunk() {
        chunk?.release()
        chunk = nil
    }
}
