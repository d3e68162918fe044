import Protection

/// The operations of `htadm` over `PasswordFileTool`, in CERN's order: the file must exist
/// (except for `-create`), then the user name, then the password, then the real name.
enum HtadmCommand {
    /// The bcrypt cost `htadm` writes.
    static let scheme = PasswordHasher.Scheme.bcrypt(cost: PasswordHasher.defaultBcryptCost)

    /// Runs one operation; `args` are the arguments after the program name.
    static func run(_ args: [String], context: AdminContext) throws(AdminFailure) -> Int32 {
        guard let word = args.first else { throw .usage("missing operation (-adduser, -deluser, -passwd, -check or -create)") }
        guard let operation = Operation(rawValue: word) else { throw .usage("unknown operation '\(word)'") }
        guard args.count >= 2 else { throw .usage("missing password file") }
        let tool = PasswordFileTool(path: args[1], context: context)
        let prompter = Prompter(console: context.console)
        let console = context.console
        let given = Array(args.dropFirst(2))

        switch operation {
        case .create:
            guard given.isEmpty else { throw .usage("-create takes only FILE") }
            console.out("\(tool.path): \(try tool.create())")
            return AdminExitStatus.success
        case .adduser:
            _ = try tool.existingText()
            let user = try userName(given, prompter)
            _ = try NameRules.checkUser(user)
            if try tool.contains(user) { throw .refused("user '\(user)' is already in \(tool.path)") }
            let password = try given.count > 1 ? Array(given[1].utf8) : prompter.newPassword()
            let realName = try given.count > 2 ? given.dropFirst(2).joined(separator: " ") : prompter.optional("Real name: ")
            let summary = try tool.add(user: user, password: password, realName: realName, scheme: scheme, createFile: false)
            console.out("\(tool.path): \(summary)")
        case .deluser:
            guard given.count <= 1 else { throw .usage("-deluser takes FILE and at most USER") }
            _ = try tool.existingText()
            let user = try userName(given, prompter)
            console.out("\(tool.path): \(try tool.delete(user: user))")
        case .passwd:
            guard given.count <= 2 else { throw .usage("-passwd takes FILE and at most USER and PASSWORD") }
            _ = try tool.existingText()
            let user = try userName(given, prompter)
            guard try tool.contains(user) else { throw .refused("no user '\(user)' in \(tool.path)") }
            let password = try given.count > 1 ? Array(given[1].utf8) : prompter.newPassword()
            console.out("\(tool.path): \(try tool.change(user: user, password: password, scheme: scheme))")
        case .check:
            guard given.count <= 2 else { throw .usage("-check takes FILE and at most USER and PASSWORD") }
            _ = try tool.existingText()
            let user = try userName(given, prompter)
            let password = try given.count > 1 ? Array(given[1].utf8) : prompter.password()
            let correct = try tool.check(user: user, password: password)
            console.out(correct ? "Correct" : "Incorrect")
            return correct ? AdminExitStatus.success : AdminExitStatus.refused
        }
        return AdminExitStatus.success
    }

    /// The operations, spelled as CERN's htadm spells its options.
    enum Operation: String, Sendable {
        /// Add a user.
        case adduser = "-adduser"
        /// Delete a user.
        case deluser = "-deluser"
        /// Change a password.
        case passwd = "-passwd"
        /// Check a password.
        case check = "-check"
        /// Create an empty file.
        case create = "-create"
    }

    /// The user name from the command line, or asked for.
    private static func userName(_ given: [String], _ prompter: Prompter) throws(AdminFailure) -> String {
        if let user = given.first { return user }
        return try prompter.name("Username: ", what: "user name")
    }
}
