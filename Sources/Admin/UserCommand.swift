import Protection

/// `gatehouse user add|del|passwd|check|list FILE [USER]`: argument parsing over
/// `PasswordFileTool`.
enum UserCommand {
    /// The text of `gatehouse user --help`.
    static let usage = """
    usage: gatehouse user add|del|passwd|check|list FILE [USER] [options]

    Edits a password file (Docs/semantics.md §4: 'user:hash[:real name]' per line).

      add FILE USER      add USER; refused if present (exit 1); creates FILE if missing
      del FILE USER      delete USER (every line of it); refused if absent (exit 1)
      passwd FILE USER   change USER's password, keeping the real name; refused if absent
      check FILE USER    print 'Correct' (exit 0) or 'Incorrect' (exit 1)
      list FILE          print the user names, one per line (never the hashes)

    options:
      --hash SCHEME      bcrypt (default), yescrypt, sha512, or des
      --cost N           bcrypt cost, 4 to 31 (default 10)
      --insecure-des     required with '--hash des'. DES keeps only the first 8 characters
                         of a password and is cracked in minutes: use it only for files that
                         old CERN servers must read.
      --password-stdin   read the password as one line from standard input, no prompt
      --realname TEXT    the real name stored after the hash (add only)

    Without --password-stdin the password is asked for on the terminal, without echo, twice
    when it is set. Every write locks FILE.lock, writes a temporary file beside FILE, fsyncs
    it and renames it over FILE; comments, blank lines, other lines, mode and owner are kept,
    and a file the server would reject is never written. Each write prints one line.

    exit status: 0 done or Correct, 1 refused or Incorrect, 2 usage, input or file error
    """

    /// Where to point the user after a usage error.
    static let helpHint = "gatehouse user --help"

    /// Runs the command (`args` without the leading `user`).
    static func run(_ args: [String], context: AdminContext) throws(AdminFailure) -> Int32 {
        let arguments = try CommandArguments(args, valued: ["hash", "cost", "realname"], booleans: ["insecure-des", "password-stdin"])
        if arguments.wantsHelp {
            context.console.out(usage)
            return AdminExitStatus.success
        }
        let positionals = arguments.positionals
        guard let word = positionals.first else { throw .usage("missing command: add, del, passwd, check or list") }
        guard let action = Action(rawValue: word) else {
            throw .usage("unknown command '\(word)': expected add, del, passwd, check or list")
        }
        guard positionals.count >= 2 else { throw .usage("missing password file") }
        let tool = PasswordFileTool(path: positionals[1], context: context)
        let console = context.console
        if case .list = action {
            guard positionals.count == 2 else { throw .usage("'list' takes only FILE") }
            for user in try tool.users() { console.out(user) }
            return AdminExitStatus.success
        }
        guard positionals.count == 3 else { throw .usage(positionals.count < 3 ? "missing user name" : "too many arguments") }
        let user = positionals[2]
        if arguments.value("realname") != nil && action != .add { throw .usage("--realname is only for 'add'") }
        let prompter = Prompter(console: console)
        let readPassword = { (setting: Bool) throws(AdminFailure) -> [UInt8] in
            if arguments.has("password-stdin") { return try prompter.passwordLine("") }
            guard console.isInteractive else {
                throw .usage("standard input is not a terminal; give --password-stdin to read the password from it")
            }
            return setting ? try prompter.newPassword() : try prompter.password()
        }
        switch action {
        case .add:
            let scheme = try scheme(arguments)
            _ = try NameRules.checkUser(user)  // before asking for a password; `add` prints any warning
            if (try? tool.contains(user)) == true { throw .refused("user '\(user)' is already in \(tool.path)") }
            let summary = try tool.add(user: user, password: try readPassword(true), realName: arguments.value("realname") ?? "",
                                       scheme: scheme, createFile: true)
            console.out("\(tool.path): \(summary)")
        case .del:
            console.out("\(tool.path): \(try tool.delete(user: user))")
        case .passwd:
            let scheme = try scheme(arguments)
            guard try tool.contains(user) else { throw .refused("no user '\(user)' in \(tool.path)") }
            console.out("\(tool.path): \(try tool.change(user: user, password: try readPassword(true), scheme: scheme))")
        case .check:
            _ = try tool.existingText()
            let correct = try tool.check(user: user, password: try readPassword(false))
            console.out(correct ? "Correct" : "Incorrect")
            return correct ? AdminExitStatus.success : AdminExitStatus.refused
        case .list:
            break  // handled above
        }
        return AdminExitStatus.success
    }

    /// The subcommands of `gatehouse user`.
    enum Action: String, Sendable {
        /// Add a user.
        case add
        /// Delete a user.
        case del
        /// Change a password.
        case passwd
        /// Check a password.
        case check
        /// List the user names.
        case list
    }

    /// The hash scheme the options ask for.
    static func scheme(_ arguments: CommandArguments) throws(AdminFailure) -> PasswordHasher.Scheme {
        let name = arguments.value("hash") ?? "bcrypt"
        var cost = PasswordHasher.defaultBcryptCost
        if let text = arguments.value("cost") {
            guard name == "bcrypt" else { throw .usage("--cost applies to bcrypt only") }
            guard let value = Int(text), PasswordHasher.bcryptCosts.contains(value) else {
                throw .usage("--cost must be a number from \(PasswordHasher.bcryptCosts.lowerBound) to \(PasswordHasher.bcryptCosts.upperBound)")
            }
            cost = value
        }
        if name != "des" && arguments.has("insecure-des") { throw .usage("--insecure-des goes with --hash des only") }
        switch name {
        case "bcrypt": return .bcrypt(cost: cost)
        case "yescrypt": return .yescrypt
        case "sha512": return .sha512
        case "des":
            guard arguments.has("insecure-des") else {
                throw .usage("DES keeps only 8 characters of a password and is easily cracked; add --insecure-des if old CERN servers must read this file")
            }
            return .des
        default:
            throw .usage("unknown hash '\(name)': expected bcrypt, yescrypt, sha512 or des")
        }
    }
}
