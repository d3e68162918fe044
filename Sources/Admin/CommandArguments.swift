/// The arguments of one command (the admin tools and every `gatehouse` command): `--flag VALUE`,
/// `--flag=VALUE`, boolean `--flag`, `--help`/`-h`, and positionals (`--` ends options).
public struct CommandArguments: Sendable {
    /// Option values by name (without `--`), in the order given.
    private var valueLists: [String: [String]] = [:]
    /// Boolean flags given.
    private var flags: Set<String> = []
    /// Everything else, in order.
    public private(set) var positionals: [String] = []
    /// Whether `--help` or `-h` was given.
    public private(set) var wantsHelp = false

    /// Reads `args`; `valued` names the options that take a value, `booleans` the flags.
    public init(_ args: [String], valued: Set<String>, booleans: Set<String>) throws(AdminFailure) {
        var index = 0
        while index < args.count {
            let arg = args[index]
            index += 1
            if arg == "--" {
                positionals += args[index...]
                break
            }
            if arg == "--help" || arg == "-h" {
                wantsHelp = true
                continue
            }
            guard arg.hasPrefix("--"), arg.count > 2 else {
                positionals.append(arg)
                continue
            }
            var name = String(arg.dropFirst(2))
            var value: String?
            if let equals = name.firstIndex(of: "=") {
                value = String(name[name.index(after: equals)...])
                name = String(name[..<equals])
            }
            if booleans.contains(name) {
                guard value == nil else { throw .usage("--\(name) takes no value") }
                flags.insert(name)
            } else if valued.contains(name) {
                if value == nil {
                    guard index < args.count else { throw .usage("--\(name) needs a value") }
                    value = args[index]
                    index += 1
                }
                valueLists[name, default: []].append(value ?? "")
            } else {
                throw .usage("unknown option --\(name)")
            }
        }
    }

    /// The value of an option (the last one, if repeated), if given.
    public func value(_ name: String) -> String? { valueLists[name]?.last }

    /// Every value of a repeatable option, in order.
    public func values(_ name: String) -> [String] { valueLists[name] ?? [] }

    /// Whether a flag was given.
    public func has(_ name: String) -> Bool { flags.contains(name) }
}
