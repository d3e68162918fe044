/// Why an admin command did not do what was asked. Each case maps to one exit status, the
/// same for `htadm` and `gatehouse user|group|acl`: 1 for a refusal that depends on the file's
/// state, 2 for bad usage, bad input or a file that cannot be read or written.
public enum AdminFailure: Error, Sendable, Hashable, CustomStringConvertible {
    /// The action is refused by the file's contents: the user exists or is absent, the password
    /// is incorrect, the group is still used. Exit status 1.
    case refused(String)
    /// The command line is wrong; the message is followed by a hint to run `--help`. Exit 2.
    case usage(String)
    /// Bad input (a name with ':'), an invalid file, or an I/O error. Exit 2.
    case failed(String)

    /// The process exit status for this failure.
    public var exitStatus: Int32 {
        switch self {
        case .refused: AdminExitStatus.refused
        case .usage, .failed: AdminExitStatus.failed
        }
    }

    /// The one-line message.
    public var description: String {
        switch self {
        case .refused(let message), .usage(let message), .failed(let message): message
        }
    }
}

/// The exit statuses of every admin tool (not CERN htadm's 4/5/6/10/11).
public enum AdminExitStatus {
    /// The action was done (or, for `check`, the password is correct).
    public static let success: Int32 = 0
    /// The action was refused: user exists / absent, password incorrect, group in use.
    public static let refused: Int32 = 1
    /// Usage error, invalid input, or a file that cannot be read, parsed or written.
    public static let failed: Int32 = 2
}
