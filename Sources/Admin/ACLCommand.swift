import Protection
import Transport

/// `gatehouse acl allow|revoke|list DIR TEMPLATE --methods GET,PUT --who GROUP-DEFINITION`:
/// argument parsing over `ACLFileEditor`, for the `.www_acl` file of DIR.
enum ACLCommand {
    /// The text of `gatehouse acl --help`.
    static let usage = """
    usage: gatehouse acl allow|revoke|list DIR [TEMPLATE] [--methods M,M] [--who DEFINITION]

    Edits DIR/.www_acl (Docs/semantics.md §6: 'template : methods : group-definition').

      allow DIR TEMPLATE --methods GET,PUT --who DEF
            admit DEF: extends the entry with the same template and methods, or adds
            'TEMPLATE : GET,PUT : DEF' at the end; creates DIR/.www_acl (mode 0644) if missing
      revoke DIR TEMPLATE --who DEF [--methods GET,PUT]
            take DEF's names or items out of the entries for TEMPLATE (only those with exactly
            these methods, if given); an entry left empty is removed
      list DIR [TEMPLATE]
            print the entries (or those for TEMPLATE), one per line

    TEMPLATE is a file name in DIR with at most one '*' ('*.html', 'report.pdf', '*').
    DEF is group-definition syntax: 'ann', 'staff, bob', '(ann, bob)@10.0.0.0/8', 'Users'.
    Methods are GET, HEAD, POST, PUT and DELETE (any case); GET also covers HEAD.

    Writes lock DIR/.www_acl.lock and replace the file atomically; comments, other entries,
    mode and owner are kept, and each write prints one line. The running server picks the
    change up by itself.

    exit status: 0 done, 1 refused (already allowed, no such entry), 2 usage, input or file error
    """

    /// Where to point the user after a usage error.
    static let helpHint = "gatehouse acl --help"

    /// Runs the command (`args` without the leading `acl`).
    static func run(_ args: [String], context: AdminContext) throws(AdminFailure) -> Int32 {
        let arguments = try CommandArguments(args, valued: ["methods", "who"], booleans: [])
        if arguments.wantsHelp {
            context.console.out(usage)
            return AdminExitStatus.success
        }
        let positionals = arguments.positionals
        guard let word = positionals.first else { throw .usage("missing command: allow, revoke or list") }
        guard let action = Action(rawValue: word) else { throw .usage("unknown command '\(word)': expected allow, revoke or list") }
        guard positionals.count >= 2 else { throw .usage("missing directory") }
        guard positionals.count <= 3 else { throw .usage("too many arguments (quote a definition with blanks and pass it with --who)") }
        let directory = positionals[1]
        try checkDirectory(directory)
        let path = PathNames.join(directory, aclFileName)
        let template = try positionals.count == 3 ? ACLFileEditor.checkedTemplate(positionals[2]) : nil
        let editor = ACLFileEditor(path: path)
        let file = context.editor(path, .acl)
        let console = context.console

        if case .list = action {
            if arguments.value("methods") != nil || arguments.value("who") != nil { throw .usage("'list' takes no --methods or --who") }
            for entry in try editor.entries(in: try file.readValid()) where template == nil || entry.template == template {
                console.out(entry.description)
            }
            return AdminExitStatus.success
        }
        guard let template else { throw .usage("missing template (a file name, '*' for all)") }
        guard let whoText = arguments.value("who") else { throw .usage("missing --who DEFINITION") }
        let who = try GroupDefinition.parsingArguments([whoText])
        let methods = try arguments.value("methods").map { (list) throws(AdminFailure) in try ACLFileEditor.checkedMethods(list) }
        let edit: TextEdit
        switch action {
        case .allow:
            guard let methods else { throw .usage("missing --methods, e.g. --methods GET or --methods GET,PUT") }
            edit = try file.edit(ifMissing: .create) { (text) throws(AdminFailure) in
                try editor.allow(template, methods: methods, who: who, in: text ?? "")
            }
        case .revoke:
            edit = try file.edit(ifMissing: .fail) { (text) throws(AdminFailure) in
                try editor.revoke(template, methods: methods, who: who, in: text ?? "")
            }
        case .list:
            return AdminExitStatus.success  // handled above
        }
        console.out("\(path): \(edit.summary)")
        return AdminExitStatus.success
    }

    /// The subcommands of `gatehouse acl`.
    enum Action: String, Sendable {
        /// Admit a definition to a template and methods.
        case allow
        /// Take a definition out of a template's entries.
        case revoke
        /// List the entries.
        case list
    }

    /// DIR must be an existing directory (the ACL file is created in it, never the directory).
    private static func checkDirectory(_ directory: String) throws(AdminFailure) {
        let status: Transport.FileStatus
        do {
            status = try FileSystem.stat(directory)
        } catch {
            throw .failed("\(directory): \(error.message)")
        }
        guard status.kind == .directory else { throw .failed("\(directory): not a directory") }
    }
}
