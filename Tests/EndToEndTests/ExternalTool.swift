import Dispatch
import Foundation

/// Runs programs from `PATH` (curl, python3, chromium, htpasswd) with a bounded wait, their
/// output captured in files so a chatty program can never block on a full pipe.
enum ExternalTool {
    /// How long one external program may run.
    static let timeoutSeconds = 60

    /// What a finished program did.
    struct Result {
        /// Exit status (or the signal number when it was killed).
        let status: Int32
        /// Standard output.
        let stdout: String
        /// Standard error.
        let stderr: String
    }

    /// The full path of `name` on `PATH`, if it is an executable file there.
    static func path(of name: String) -> String? {
        if name.hasPrefix("/") { return FileManager.default.isExecutableFile(atPath: name) ? name : nil }
        let search = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for directory in search.split(separator: ":") {
            let candidate = "\(directory)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// Runs `name` with `arguments`; output goes through files in `scratch`.
    static func run(_ name: String, _ arguments: [String], scratch: URL) throws -> Result {
        guard let executable = path(of: name) else { throw WireError("\(name) is not on PATH") }
        let tag = UUID().uuidString
        let base = URL(fileURLWithPath: name).lastPathComponent
        let outURL = scratch.appendingPathComponent("\(base)-\(tag).out")
        let errURL = scratch.appendingPathComponent("\(base)-\(tag).err")
        FileManager.default.createFile(atPath: outURL.path, contents: nil)
        FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let out = try FileHandle(forWritingTo: outURL)
        let err = try FileHandle(forWritingTo: errURL)
        defer {
            try? out.close()
            try? err.close()
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = out
        process.standardError = err
        var environment = ProcessInfo.processInfo.environment
        environment["HOME"] = scratch.path
        process.environment = environment
        let done = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in done.signal() }
        try process.run()
        if done.wait(timeout: .now() + .seconds(timeoutSeconds)) == .timedOut {
            process.terminate()
            _ = done.wait(timeout: .now() + .seconds(5))
            throw WireError("\(name) did not finish within \(timeoutSeconds) s")
        }
        return Result(status: process.terminationStatus,
                      stdout: (try? String(contentsOf: outURL, encoding: .utf8)) ?? "",
                      stderr: (try? String(contentsOf: errURL, encoding: .utf8)) ?? "")
    }
}

/// Whether `name` is an executable on `PATH` (guards the real-client tests).
func toolExists(_ name: String) -> Bool {
    ExternalTool.path(of: name) != nil
}
