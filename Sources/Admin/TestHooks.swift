import Transport

/// Hooks that let the test suite observe the tools at points a real crash could hit.
///
/// `GATEHOUSE_TEST_CRASH_BEFORE_RENAME=1`: after the new file is written to its temporary file
/// and fsynced, and before it is renamed over the target, the tool announces the temporary file
/// on standard error and waits (reading standard input) to be killed; the crash test sends it
/// SIGKILL there and shows the old file intact. If nobody kills it, end of input abandons the
/// edit: the temporary file is removed and the tool exits with status 2.
struct TestHooks: Sendable {
    /// The environment variable that arms the crash point.
    static let crashBeforeRenameVariable = "GATEHOUSE_TEST_CRASH_BEFORE_RENAME"
    /// The line prefix written when the crash point is reached (the test waits for it).
    static let crashPointMessage = "test hook: stopped before rename, temporary file "

    /// Whether the crash point is armed.
    let stopBeforeRename: Bool

    /// No hooks.
    static let none = TestHooks(stopBeforeRename: false)

    /// The hooks armed in this process's environment. Transport has no `getenv`, so the
    /// kernel's copy of the environment is read through it (`/proc/self/environ`: NUL-separated
    /// `NAME=value` strings); an unreadable file means no hooks.
    static func fromEnvironment() -> TestHooks {
        guard let bytes = try? FileSystem.readWholeFile("/proc/self/environ", limit: AdminLimits.maxEnvironmentBytes) else {
            return .none
        }
        let armed = Array((crashBeforeRenameVariable + "=1").utf8)
        let found = bytes.split(separator: 0, omittingEmptySubsequences: true).contains { Array($0) == armed }
        return TestHooks(stopBeforeRename: found)
    }
}
