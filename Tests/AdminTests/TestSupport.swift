import Foundation
import Testing
@testable import Admin

/// A console with scripted input and captured output, for running commands in-process.
final class ScriptedConsole: AdminConsole, @unchecked Sendable {
    var input: [String]
    let isInteractive: Bool
    private(set) var output: [String] = []
    private(set) var errors: [String] = []
    private(set) var prompts: [(String, Bool)] = []

    init(input: [String] = [], interactive: Bool = false) {
        self.input = input
        self.isInteractive = interactive
    }

    func out(_ line: String) { output.append(line) }
    func err(_ line: String) { errors.append(line) }

    func readLine(prompt: String, echo: Bool) throws(AdminFailure) -> String? {
        if isInteractive { prompts.append((prompt, echo)) }
        return input.isEmpty ? nil : input.removeFirst()
    }

    var context: AdminContext { AdminContext(console: self) }
}

/// A fresh directory under the system temporary directory, removed by `remove()`.
struct TemporaryDirectory {
    let path: String

    init() throws {
        let base = FileManager.default.temporaryDirectory.path
        path = base + "/gatehouse-admin-tests-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    func file(_ name: String) -> String { path + "/" + name }

    func write(_ name: String, _ text: String) throws {
        try text.write(toFile: file(name), atomically: false, encoding: .utf8)
    }

    func read(_ name: String) throws -> String {
        try String(contentsOfFile: file(name), encoding: .utf8)
    }

    func names() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: path).sorted()
    }

    func remove() { try? FileManager.default.removeItem(atPath: path) }
}

/// Runs `gatehouse user|group|acl` in-process with scripted input.
func runAdmin(_ args: [String], input: [String] = [], interactive: Bool = false) -> (status: Int32, console: ScriptedConsole) {
    let console = ScriptedConsole(input: input, interactive: interactive)
    let status = AdminCommandLine.run(args, context: console.context)
    return (status, console)
}

/// Runs `htadm` in-process with scripted input.
func runHtadm(_ args: [String], input: [String] = [], interactive: Bool = false) -> (status: Int32, console: ScriptedConsole) {
    let console = ScriptedConsole(input: input, interactive: interactive)
    let status = HtadmCommandLine.run(args, context: console.context)
    return (status, console)
}

/// The built executables and external tools the process tests use.
enum Executables {
    /// The directory holding the test bundle, where SwiftPM also puts the package's executables.
    static var buildDirectory: String {
        var url = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        // Walk up out of a bundle (`X.xctest/...` on some platforms) to the products directory.
        for _ in 0..<4 where !FileManager.default.isExecutableFile(atPath: url.deletingLastPathComponent().appendingPathComponent("htadm").path) {
            url = url.deletingLastPathComponent()
        }
        return url.deletingLastPathComponent().path
    }

    /// `htadm`.
    static var htadm: String { buildDirectory + "/htadm" }

    /// `gatehouse` (the real package) or its dev stand-in `gatehouse-admin`.
    static var gatehouse: String {
        let real = buildDirectory + "/gatehouse"
        return FileManager.default.isExecutableFile(atPath: real) ? real : buildDirectory + "/gatehouse-admin"
    }

    /// The full path of an external tool on PATH, if installed.
    static func tool(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for directory in path.split(separator: ":") {
            let candidate = String(directory) + "/" + name
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }
}

/// The result of running a process to completion.
struct ProcessResult {
    let status: Int32
    let output: String
    let errors: String
}

/// Runs `executable` with `args` (in `directory`, when given), feeding `input` on standard
/// input, and waits for it.
func runProcess(_ executable: String, _ args: [String], input: String = "", environment: [String: String]? = nil,
                directory: String? = nil) throws -> ProcessResult {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = args
    if let environment { process.environment = environment }
    if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
    let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
    process.standardInput = stdin
    process.standardOutput = stdout
    process.standardError = stderr
    try process.run()
    stdin.fileHandleForWriting.write(Data(input.utf8))
    try stdin.fileHandleForWriting.close()
    // Read both pipes to the end before waiting, so a chatty child cannot block on a full pipe.
    let errorData = LockedData()
    let errorReader = Thread { errorData.set(stderr.fileHandleForReading.readDataToEndOfFile()) }
    errorReader.start()
    let outputData = stdout.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    errorData.wait()
    return ProcessResult(status: process.terminationStatus, output: String(decoding: outputData, as: UTF8.self),
                         errors: String(decoding: errorData.value, as: UTF8.self))
}

/// Data handed from a reader thread, with a wait for it.
final class LockedData: @unchecked Sendable {
    private let condition = NSCondition()
    private var data: Data?

    func set(_ value: Data) {
        condition.lock()
        data = value
        condition.signal()
        condition.unlock()
    }

    func wait() {
        condition.lock()
        while data == nil { condition.wait() }
        condition.unlock()
    }

    var value: Data {
        condition.lock()
        defer { condition.unlock() }
        return data ?? Data()
    }
}
