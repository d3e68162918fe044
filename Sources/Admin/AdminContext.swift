/// What every admin command runs with: its console and, in the test suite only, a fault to
/// inject into the write path.
struct AdminContext {
    /// Prompts, answers and output.
    let console: any AdminConsole
    /// Called after the new file is written to its temporary file and fsynced, just before the
    /// rename, with the temporary file's path. nil in the tools: nothing in a shipped binary sets
    /// it (no environment variable, no option). The crash tests set it through `@testable` to
    /// kill the process at exactly that point and show the old file survives.
    var beforeRename: ((String) throws(AdminFailure) -> Void)?

    /// Makes a context.
    init(console: any AdminConsole, beforeRename: ((String) throws(AdminFailure) -> Void)? = nil) {
        self.console = console
        self.beforeRename = beforeRename
    }

    /// The context of the running process.
    static func process() -> AdminContext {
        AdminContext(console: ProcessConsole())
    }

    /// A safe editor for `path`, with the injected fault if there is one.
    func editor(_ path: String, _ format: FileFormat) -> SafeFileEditor {
        var editor = SafeFileEditor(path: path, format: format)
        if let beforeRename { editor.beforeRename = beforeRename }
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
