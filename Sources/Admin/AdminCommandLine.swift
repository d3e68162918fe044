/// The `gatehouse user`, `gatehouse group` and `gatehouse acl` commands. The `gatehouse`
/// executable forwards its arguments here unchanged, the subcommand name first.
public enum AdminCommandLine {
    /// Runs `args` (e.g. `["user", "add", "FILE", "ann"]`) and returns the exit status:
    /// 0 done, 1 refused (user exists / absent, password incorrect, group in use, …),
    /// 2 usage, input or file error. Messages go to standard error, one line each; results and
    /// the one-line description of each change to standard output.
    public static func run(_ args: [String]) -> Int32 {
        run(args, context: .process())
    }

    /// `run(_:)` with an explicit context (tests: a scripted console, an injected fault).
    static func run(_ args: [String], context: AdminContext) -> Int32 {
        let rest = Array(args.dropFirst())
        switch args.first {
        case "user":
            return context.run("gatehouse user", help: UserCommand.helpHint) { () throws(AdminFailure) in try UserCommand.run(rest, context: context) }
        case "group":
            return context.run("gatehouse group", help: GroupCommand.helpHint) { () throws(AdminFailure) in try GroupCommand.run(rest, context: context) }
        case "acl":
            return context.run("gatehouse acl", help: ACLCommand.helpHint) { () throws(AdminFailure) in try ACLCommand.run(rest, context: context) }
        case .some(let other):
            context.console.err("gatehouse: '\(other)' is not one of user, group, acl")
            return AdminExitStatus.failed
        case nil:
            context.console.err("gatehouse: expected user, group or acl")
            return AdminExitStatus.failed
        }
    }
}
