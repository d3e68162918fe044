import Protection

/// Every fixed limit of the admin tools, in one place.
public enum AdminLimits {
    /// The largest protection file the tools read or write: the same bound the server applies,
    /// so a tool never produces a file the server would refuse to load.
    public static let maxFileBytes = ProtectionLimits.maxFileBytes
    /// Longest user or group name accepted. CERN kept 16 characters; Gatehouse keeps names whole
    /// but bounds them so a typo cannot write a megabyte into a record.
    public static let maxNameBytes = 256
    /// Longest real name written after a hash.
    public static let maxRealNameBytes = 1024
    /// Longest line read from standard input (a password, a name).
    public static let maxInputLineBytes = 4096
    /// How many times a terminal prompt is repeated (empty name, mismatched passwords) before
    /// the tool gives up.
    public static let maxPromptAttempts = 3
    /// Mode of a protection file the tools create (the server must be able to read it; a later
    /// `chmod` is kept by every edit).
    public static let newFileMode: UInt32 = 0o644
    /// Mode of a lock file the tools create.
    public static let lockFileMode: UInt32 = 0o644
}
