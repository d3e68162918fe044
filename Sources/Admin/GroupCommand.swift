import Protection

/// `gatehouse group set|add-member|remove-member|del|list FILE GROUP [ITEM…]`: argument
/// parsing over `GroupFileEditor`.
enum GroupCommand {
    /// The text of `gatehouse group --help`.
    static let usage = """
    usage: gatehouse group set|add-member|remove-member|del|list FILE [GROUP [ITEM...]] [options]

    Edits a group file (Docs/semantics.md §5: 'name: item, item, ...' per record).

      set FILE GROUP ITEM...            define GROUP: replaced where it stands, or added at
                                        the end; creates FILE if missing
      add-member FILE GROUP ITEM...     add items to GROUP (at the end of its last line)
      remove-member FILE GROUP ITEM...  take names or items out of GROUP; refused if that
                                        would leave it empty
      del FILE GROUP                    delete GROUP; refused while another group uses it
      list FILE [GROUP]                 print 'name: definition' for every group (or one)

    ITEM is group-definition syntax, one or more per argument: ann, staff, '(ann, bob)',
    'ann@10.0.0.0/8', '@128.141.*.*', '(ann, bob)@(128.141.*.*, [::1])'.
    A name is a group only if that group is defined above the one being edited; a name
    defined further down (a forward reference) is refused, as is a group name that clashes
    with a predefined group (All, Users, Anybody, Anyone, Anonymous). Other names are user
    names.

    options:
      --users PASSWORD-FILE   also refuse names that are not users of PASSWORD-FILE (nor
                              groups above, nor predefined)

    Writes lock FILE.lock and replace FILE atomically; comments, other records, order, mode
    and owner are kept, and each write prints one line.

    exit status: 0 done, 1 refused (group absent or present, forward reference, in use),
    2 usage, input or file error
    """

    /// Where to point the user after a usage error.
    static let helpHint = "gatehouse group --help"

    /// Runs the command (`args` without the leading `group`).
    static func run(_ args: [String], context: AdminContext) throws(AdminFailure) -> Int32 {
        let arguments = try CommandArguments(args, valued: ["users"], booleans: [])
        if arguments.wantsHelp {
            context.console.out(usage)
            return AdminExitStatus.success
        }
        let positionals = arguments.positionals
        guard let word = positionals.first else { throw .usage("missing command: set, add-member, remove-member, del or list") }
        guard let action = Action(rawValue: word) else {
            throw .usage("unknown command '\(word)': expected set, add-member, remove-member, del or list")
        }
        guard positionals.count >= 2 else { throw .usage("missing group file") }
        let path = positionals[1]
        let group = positionals.count > 2 ? positionals[2] : nil
        let items = Array(positionals.dropFirst(3))
        let users = try knownUsers(arguments.value("users"), context: context)
        let editor = GroupFileEditor(path: path, users: users, usersSource: arguments.value("users") ?? "")
        let file = context.editor(path, .group)
        let console = context.console

        if case .list = action {
            guard positionals.count <= 3 else { throw .usage("'list' takes FILE and at most one GROUP") }
            let groups = try editor.groups(in: try file.readValid())
            if let group, !groups.contains(where: { $0.name == group }) { throw .refused("no group '\(group)' in \(path)") }
            for entry in groups where group == nil || entry.name == group { console.out("\(entry.name): \(entry.definition)") }
            return AdminExitStatus.success
        }
        guard let group else { throw .usage("missing group name") }
        let edit: TextEdit
        switch action {
        case .del:
            guard items.isEmpty else { throw .usage("'del' takes FILE and GROUP only") }
            edit = try file.edit(ifMissing: .fail) { (text) throws(AdminFailure) in try editor.delete(group, in: text ?? "") }
        case .set:
            let definition = try GroupDefinition.parsingArguments(items)
            edit = try file.edit(ifMissing: .create) { (text) throws(AdminFailure) in try editor.set(group, to: definition, in: text ?? "") }
        case .addMember:
            let definition = try GroupDefinition.parsingArguments(items)
            edit = try file.edit(ifMissing: .fail) { (text) throws(AdminFailure) in try editor.addMembers(definition, to: group, in: text ?? "") }
        case .removeMember:
            let definition = try GroupDefinition.parsingArguments(items)
            edit = try file.edit(ifMissing: .fail) { (text) throws(AdminFailure) in try editor.removeMembers(definition, from: group, in: text ?? "") }
        case .list:
            return AdminExitStatus.success  // handled above
        }
        console.out("\(path): \(edit.summary)")
        return AdminExitStatus.success
    }

    /// The subcommands of `gatehouse group`.
    enum Action: String, Sendable {
        /// Define or redefine a group.
        case set
        /// Add items to a group.
        case addMember = "add-member"
        /// Take items out of a group.
        case removeMember = "remove-member"
        /// Delete a group.
        case del
        /// List the groups.
        case list
    }

    /// The user names of the password file named by `--users`, if any.
    private static func knownUsers(_ path: String?, context: AdminContext) throws(AdminFailure) -> Set<String>? {
        guard let path else { return nil }
        return Set(try PasswordFileTool(path: path, context: context).users())
    }
}
