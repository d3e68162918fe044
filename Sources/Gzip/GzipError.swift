/// Why ``Gzip/decompress(_:maxOutputBytes:)-([UInt8],_)`` refused its input.
public enum GzipError: Error, Sendable, Hashable {
    /// Not a gzip stream, or damaged (zlib's message: bad header, bad CRC, invalid distance, …).
    case corrupt(String)
    /// The input ended before the gzip member did.
    case truncated
    /// The decompressed data would exceed the caller's limit (a zip bomb, or simply too big).
    case outputTooLarge(limit: Int)
}
