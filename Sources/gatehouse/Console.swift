import Transport

/// Writes command output: results to standard output, diagnostics to standard error.
enum Console {
    /// One line to standard output.
    static func out(_ line: String) {
        try? FileSystem.writeAll(.standardOutput, Array((line + "\n").utf8))
    }

    /// One line to standard error.
    static func err(_ line: String) {
        try? FileSystem.writeAll(.standardError, Array((line + "\n").utf8))
    }
}
