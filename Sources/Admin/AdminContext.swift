/// What every admin command runs with: its console and the test hooks of the process.
struct AdminContext {
    /// Prompts, answers and output.
    let console: any AdminConsole
    /// Crash-test hooks (off unless the environment arms them).
    let hooks: TestHooks

    /// The context of the running process.
    static func process() -> AdminContext {
        AdminContext(console: ProcessConsole(), hooks: TestHooks.fromEnvironment())
    }

    /// A safe editor for `path`, wired to the crash-test hook.
    func editor(_ path: String, _ format: FileFormat) -> SafeFileEditor {
        var editor = SafeFileEditor(path: path, format: format)
        if hooks.stopBeforeRename {
            let console = console
            editor.beforeRename = { (temporary) throws(AdminFailure) in
                console.err(TestHooks.crashPointMessage + temporary)
                // Wait for the test to kill us; a line or end of input abandons the edit.
                _ = try? console.readLine(prompt: "", echo: true)
                throw .failed("test hook: edit abandoned before rename")
            }
        }
        return editor
    }

    /// Runs `body`, turning a failure into its message on standard error (prefixed with the
    /// tool's name, plus a pointer to the help for usage errors) and its exit status.
    func run(_ tool: String, help: String, _ body: () throws(AdminFailure) -> Int32) -> Int32 {
        do {
            return try body()
        } catch {
            switch error {
            case .usage(let message): console.err("\(tool): \(message) (see '\(help)')")
            case .refused(let message), .failed(let message): console.err("\(tool): \(message)")
            }
            return error.exitStatus
        }
    }
}
