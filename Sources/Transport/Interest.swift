/// Which readiness a registered descriptor wants reported. Level-triggered (see `EventLoop`).
public struct Interest: OptionSet, Sendable, Hashable {
    /// The option bits.
    public let rawValue: UInt8

    /// Builds from raw bits.
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// Report when a read would not block (data, end of stream, or a pending connection).
    public static let readable = Interest(rawValue: 1 << 0)
    /// Report when a write would not block (send buffer space, or a finished connect).
    public static let writable = Interest(rawValue: 1 << 1)
}
