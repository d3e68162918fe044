import Admin
import Protection
import ServerCore

/// `gatehouse check`: validates the rule file and everything it reaches.
enum CheckCommand {
    static let usage = """
    usage: gatehouse check [--config PATH]

    Parses the rule file and every file it reaches (setups, password and group files, and every
    .www_acl under the trees Pass rules serve). Prints each problem as 'path:line: message' on
    standard error and exits 1, or prints a one-line summary and exits 0. Likely mistakes are
    printed as warnings (exit 0). Also checks the deployment directives: TLSListen, the
    certificate pair (missing, unreadable, mismatched, expired; a warning within 14 days of
    expiry), UserId/GroupId, credentials over plain HTTP, and, run as root, the files the served
    user will not be able to read after the privilege drop.
    """

    static func run(_ args: [String]) -> Int32 {
        let list: CommandArguments
        do {
            list = try CommandArguments(args, valued: ["config"], booleans: [])
        } catch {
            Console.err("gatehouse check: \(error.description)\n\n\(usage)")
            return 2
        }
        if list.wantsHelp { Console.out(usage); return 0 }
        guard list.positionals.isEmpty else { Console.err(usage); return 2 }
        let config = ConfigLocation.resolve(list.value("config"))
        if let missing = ConfigLocation.missing(config) {
            Console.err("gatehouse check: \(missing)")
            return 1
        }
        let report = ProtectionChecker.check(configPath: config, fileSystem: DiskFileSystem())
        // The deployment directives (TLS, run-as user, plain-HTTP credentials) of a rule file
        // that loads.
        let deployment = (try? ProtectionLoader.load(configPath: config, from: DiskFileSystem())).map { DeploymentCheck.diagnose($0) }
        let errors = report.errors + (deployment?.errors ?? [])
        let warnings = report.warnings + (deployment?.warnings ?? [])
        for d in errors { Console.err(d.description) }
        for d in warnings { Console.err(d.description) }
        guard errors.isEmpty else {
            Console.err("\(config): \(errors.count) error\(errors.count == 1 ? "" : "s")")
            return 1
        }
        let w = warnings.count
        Console.out("\(config): OK: \(report.summary)" + (w > 0 ? " (\(w) warning\(w == 1 ? "" : "s"))" : ""))
        return 0
    }
}
