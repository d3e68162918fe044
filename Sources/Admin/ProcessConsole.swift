import Transport

/// The console of the running process: descriptors 0, 1 and 2 through Transport.
struct ProcessConsole: AdminConsole {
    /// Writes to standard output; a failed write (closed pipe) is not worth failing a finished edit.
    func out(_ line: String) {
        try? FileSystem.writeAll(.standardOutput, Array((line + "\n").utf8))
    }

    /// Writes to standard error.
    func err(_ line: String) {
        try? FileSystem.writeAll(.standardError, Array((line + "\n").utf8))
    }

    /// Whether standard input is a terminal.
    var isInteractive: Bool { FileSystem.isTerminal(.standardInput) }

    /// Prompts on standard error (so standard output holds only results) and reads a line from
    /// standard input; with `echo: false` on a terminal, echo is off while the line is typed and
    /// restored afterwards, and the newline the user typed is written for them. Transport's echo
    /// switch uses `TCSAFLUSH`, so input typed before a password prompt appears is discarded,
    /// as `getpass(3)` does.
    func readLine(prompt: String, echo: Bool) throws(AdminFailure) -> String? {
        let terminal = isInteractive
        var restoreEcho = false
        // Echo goes off before the prompt appears, so nothing typed after it can be echoed.
        if terminal && !echo {
            do {
                restoreEcho = try FileSystem.setTerminalEcho(.standardInput, enabled: false)
            } catch {
                throw .failed("cannot turn off terminal echo: \(error.message)")
            }
        }
        if terminal { try? FileSystem.writeAll(.standardError, Array(prompt.utf8)) }
        defer {
            if terminal && !echo {
                if restoreEcho { _ = try? FileSystem.setTerminalEcho(.standardInput, enabled: true) }
                try? FileSystem.writeAll(.standardError, Array("\n".utf8))
            }
        }
        do {
            return try FileSystem.readLine(.standardInput, limit: AdminLimits.maxInputLineBytes)
        } catch {
            throw .failed("cannot read standard input: \(error.message)")
        }
    }
}
