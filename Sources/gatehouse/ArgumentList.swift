/// A tiny argument reader: `--flag VALUE`, `--flag=VALUE`, boolean `--flag`, and positionals.
struct ArgumentList {
    /// An argument error, printed with the command's usage.
    struct Problem: Error {
        let message: String
    }

    private(set) var options: [String: [String]] = [:]
    private(set) var flags: Set<String> = []
    private(set) var positionals: [String] = []

    /// Reads `args`; `valued` names the options that take a value, `booleans` the flags.
    init(_ args: [String], valued: Set<String>, booleans: Set<String>) throws(Problem) {
        var i = 0
        while i < args.count {
            let arg = args[i]
            i += 1
            if arg == "--" {
                positionals += args[i...]
                break
            }
            guard arg.hasPrefix("--") && arg.count > 2 else {
                positionals.append(arg)
                continue
            }
            var name = String(arg.dropFirst(2))
            var value: String?
            if let eq = name.firstIndex(of: "=") {
                value = String(name[name.index(after: eq)...])
                name = String(name[..<eq])
            }
            if booleans.contains(name) {
                guard value == nil else { throw Problem(message: "--\(name) takes no value") }
                flags.insert(name)
            } else if valued.contains(name) {
                if value == nil {
                    guard i < args.count else { throw Problem(message: "--\(name) needs a value") }
                    value = args[i]
                    i += 1
                }
                options[name, default: []].append(value ?? "")
            } else {
                throw Problem(message: "unknown option --\(name)")
            }
        }
    }

    /// The last value of an option.
    func value(_ name: String) -> String? { options[name]?.last }

    /// Every value of a repeatable option.
    func values(_ name: String) -> [String] { options[name] ?? [] }

    /// Whether a boolean flag was given.
    func has(_ name: String) -> Bool { flags.contains(name) }
}
