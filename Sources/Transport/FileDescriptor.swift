import CSystem
import Glibc

/// An open file descriptor: a plain `Int32` with a name. It does not close itself; whoever opened
/// it calls `close()` exactly once.
public struct FileDescriptor: Sendable, Hashable, CustomStringConvertible {
    /// The kernel's descriptor number.
    public let rawValue: Int32

    /// Wraps an existing descriptor number.
    public init(rawValue: Int32) { self.rawValue = rawValue }

    /// Standard input (descriptor 0), for the admin tools' prompts.
    public static let standardInput = FileDescriptor(rawValue: STDIN_FILENO)
    /// Standard output (descriptor 1).
    public static let standardOutput = FileDescriptor(rawValue: STDOUT_FILENO)
    /// Standard error (descriptor 2).
    public static let standardError = FileDescriptor(rawValue: STDERR_FILENO)

    /// Closes the descriptor. `EINTR` counts as closed (Linux releases the descriptor anyway).
    public func close() throws(Errno) {
        try SystemCall.once("close") { Glibc.close(rawValue) }
    }

    /// Closes the descriptor where nothing useful can be done with a failure (error paths,
    /// shutdown). The descriptor is released either way on Linux.
    public func closeIgnoringErrors() {
        try? close()
    }

    /// `"fd 7"`.
    public var description: String { "fd \(rawValue)" }
}
