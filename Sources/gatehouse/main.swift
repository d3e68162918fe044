import Admin
import Protection
import ServerCore
#if canImport(Glibc)
import Glibc
#endif

/// The `gatehouse` command line: dispatches to one command per file.
let usage = """
usage: gatehouse <command> [options]

commands:
  serve     serve the document tree under the rule file (default: the bundled samples)
  check     validate the rule file and every protection file it reaches
  explain   show, step by step, why a request would be allowed or refused
  user      add, delete, change, check or list users of a password file
  group     set, extend, shrink, delete or list groups of a group file
  acl       allow, revoke or list entries of a directory's .www_acl
  --version print the version (also 'version')

Run 'gatehouse <command> --help' for the options of one command. README.md describes every
directive; Docs/semantics.md the protection rules.
"""

let args = Array(CommandLine.arguments.dropFirst())
let status: Int32
switch args.first {
case "serve": status = ServeCommand.run(Array(args.dropFirst()))
case "check": status = CheckCommand.run(Array(args.dropFirst()))
case "explain": status = ExplainCommand.run(Array(args.dropFirst()))
case "user", "group", "acl": status = AdminCommandLine.run(args)
case "--version", "version": Console.out("Gatehouse \(GatehouseVersion.string)"); status = 0
case "--help", "-h", "help": Console.out(usage); status = 0
case nil: Console.err(usage); status = 2
case .some(let other): Console.err("gatehouse: unknown command '\(other)'\n\n\(usage)"); status = 2
}
exit(status)
