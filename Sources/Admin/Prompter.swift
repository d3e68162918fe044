/// Asks for what the command line left out: on a terminal with prompts (passwords without echo,
/// asked twice when set), otherwise one line per value from standard input, so scripts can
/// pipe `user\npassword\nreal name\n` in.
struct Prompter {
    /// Where prompts go and answers come from.
    let console: any AdminConsole

    /// A required name (`Username: `). On a terminal an empty answer asks again, a bounded
    /// number of times; from a pipe an empty or missing line is an error.
    func name(_ prompt: String, what: String) throws(AdminFailure) -> String {
        let attempts = console.isInteractive ? AdminLimits.maxPromptAttempts : 1
        for _ in 0..<attempts {
            guard let line = try console.readLine(prompt: prompt, echo: true) else {
                throw .failed("no \(what) given (end of input)")
            }
            if !line.isEmpty { return line }
        }
        throw .failed("no \(what) given")
    }

    /// An optional line (`Real name: `); end of input means empty.
    func optional(_ prompt: String) throws(AdminFailure) -> String {
        try console.readLine(prompt: prompt, echo: true) ?? ""
    }

    /// A password to store. On a terminal: `Password: ` and `Verify: ` without echo, asked again
    /// on a mismatch (bounded). From a pipe: one line.
    func newPassword() throws(AdminFailure) -> [UInt8] {
        guard console.isInteractive else { return try passwordLine("") }
        for _ in 0..<AdminLimits.maxPromptAttempts {
            let first = try passwordLine("Password: ")
            let second = try passwordLine("Verify: ")
            if first == second { return first }
            console.err("Mismatch, type password again")
        }
        throw .failed("the passwords did not match")
    }

    /// A password to check: one prompt without echo on a terminal, one line from a pipe.
    func password() throws(AdminFailure) -> [UInt8] {
        try passwordLine(console.isInteractive ? "Password: " : "")
    }

    /// One line read as a password (no echo on a terminal), for `--password-stdin` too.
    func passwordLine(_ prompt: String) throws(AdminFailure) -> [UInt8] {
        guard let line = try console.readLine(prompt: prompt, echo: false) else {
            throw .failed("no password given (end of input)")
        }
        return Array(line.utf8)
    }
}
