import Protection

/// `htadm`, the CERN password tool (cern-protection §4.3, W3C `HTAdm.c`), command-compatible:
///
///     htadm -adduser FILE [USER [PASSWORD [REALNAME...]]]
///     htadm -deluser FILE [USER]
///     htadm -passwd  FILE [USER [PASSWORD]]
///     htadm -check   FILE [USER [PASSWORD]]
///     htadm -create  FILE
///
/// Missing values are prompted for on a terminal (passwords without echo, twice when set) or
/// read one per line from standard input. Unlike CERN's exit codes (4, 5, 6, 10, 11) the
/// status is 0 done or `Correct`, 1 refused or `Incorrect`, 2 usage or file error. New
/// passwords are bcrypt, cost 10; every write is the locked, atomic edit of `SafeFileEditor`.
public enum HtadmCommandLine {
    /// The usage text, printed for `-help`.
    public static let usage = """
    usage: htadm -adduser FILE [USER [PASSWORD [REALNAME...]]]
           htadm -deluser FILE [USER]
           htadm -passwd  FILE [USER [PASSWORD]]
           htadm -check   FILE [USER [PASSWORD]]
           htadm -create  FILE
           htadm --version

      -adduser  add USER (refused if present); new passwords are bcrypt, cost 10
      -deluser  delete USER (refused if absent)
      -passwd   change USER's password (refused if absent); the real name is kept
      -check    print 'Correct' (exit 0) or 'Incorrect' (exit 1)
      -create   create an empty password file (refused if it exists)
      --version print the version (also -version)

    Missing values are asked for on the terminal (passwords without echo, twice when set),
    or read one per line from standard input when it is not a terminal.
    exit status: 0 done or Correct, 1 refused or Incorrect, 2 usage or file error
    """

    /// Runs `args` (the arguments after the program name) and returns the exit status.
    public static func run(_ args: [String]) -> Int32 {
        run(args, context: .process())
    }

    /// The index in `args` of a password given on the command line, so the executable can
    /// overwrite it in the process's argument memory (as CERN's htadm did) and `ps` stops
    /// showing it.
    public static func passwordArgumentIndex(_ args: [String]) -> Int? {
        guard let word = args.first, let operation = HtadmCommand.Operation(rawValue: word), args.count > passwordPosition else { return nil }
        switch operation {
        case .adduser, .passwd, .check: return passwordPosition
        case .deluser, .create: return nil
        }
    }

    /// What `htadm --version` prints: the tool and the Gatehouse release it belongs to.
    public static let versionLine = "htadm (Gatehouse \(GatehouseVersion.string))"

    /// Where a password stands: `-op FILE USER PASSWORD`.
    private static let passwordPosition = 3

    /// `run(_:)` with an explicit context (tests: a scripted console, an injected fault).
    static func run(_ args: [String], context: AdminContext) -> Int32 {
        if let first = args.first, ["-help", "--help", "-h"].contains(first) {
            context.console.out(usage)
            return AdminExitStatus.success
        }
        if let first = args.first, ["--version", "-version"].contains(first) {
            context.console.out(versionLine)
            return AdminExitStatus.success
        }
        do {
            return try HtadmCommand.run(args, context: context)
        } catch {
            switch error {
            case .usage(let message): context.console.err("htadm: \(message) (run 'htadm -help' for usage)")
            case .refused(let message), .failed(let message): context.console.err("htadm: \(message)")
            }
            return error.exitStatus
        }
    }
}
