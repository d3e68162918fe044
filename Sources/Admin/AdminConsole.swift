/// Where an admin command talks to its user: results on standard output, messages and prompts
/// on standard error, answers from standard input. A protocol so the commands run in tests
/// with scripted input.
protocol AdminConsole {
    /// Writes one line of results (standard output).
    func out(_ line: String)
    /// Writes one line of messages (standard error).
    func err(_ line: String)
    /// Whether standard input is a terminal (then prompts are shown and passwords not echoed).
    var isInteractive: Bool { get }
    /// Shows `prompt` (on a terminal only) and reads one line; `echo: false` hides what is
    /// typed. `nil` at end of input.
    func readLine(prompt: String, echo: Bool) throws(AdminFailure) -> String?
}
