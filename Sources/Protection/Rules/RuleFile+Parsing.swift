extension RuleFile {
    /// Parses a rule file. Every problem is reported with its line; unknown directives are errors.
    /// Returns the file and its warnings.
    public static func parse(_ text: String, path: String) throws(ProtectionFileError) -> (RuleFile, [Diagnostic]) {
        var parser = RuleFileParser(path: path)
        parser.run(text)
        let warnings = try parser.log.finish()
        return (parser.build(), warnings)
    }
}

/// The line-by-line state of rule-file parsing.
struct RuleFileParser {
    let path: String
    var log: DiagnosticLog
    var rules: [RuleFile.Line] = []
    var setupSources: [RuleFile.SetupSource] = []
    var namedSetups: [String: Int] = [:]
    /// Named setups whose definition had errors (already reported): a reference to one is not
    /// reported again as undefined.
    var failedSetups: Set<String> = []
    var welcome: [String]?
    var types: [RuleFile.TypeRule] = []
    var listing: RuleFile.DirectoryListing = .off
    var port: Int?
    var accessLog: String?
    var errorLog: String?
    var serverRoot: String?
    var enabled: Set<String> = []
    var dnsLookup = false
    var proxyDestinations: [AddressTemplate]?
    var proxyConnectPorts: [Int] = []
    var defaultCharset: String?
    var tuning = ServerTuning()
    var settings = ServerSettings()
    var sawPlainAuthFrom = false
    var sawCompressionTypes = false
    var sawDefProt = false
    var notedIds = false

    /// Methods `Enable`/`Disable` may name.
    static let switchableMethods: Set<String> = ["PUT", "DELETE", "POST"]

    init(path: String) {
        self.path = path
        self.log = DiagnosticLog(path: path)
    }

    mutating func run(_ text: String) {
        var physical: [(number: Int, text: Substring)] = []
        for (index, raw) in LogicalLine.physicalLines(text).enumerated() {
            if raw.utf8.count > LogicalLine.maxLineBytes { log.error(index + 1, "line longer than \(LogicalLine.maxLineBytes) bytes"); continue }
            physical.append((index + 1, LogicalLine.trimmed(LogicalLine.stripComment(raw))))
        }
        var i = 0
        while i < physical.count {
            let (number, line) = physical[i]
            i += 1
            if line.isEmpty { continue }
            if line.startsWithASCII("}") {
                log.error(number, "'}' closes no block (a block opens with '{' as the last word of a Protection, Protect or DefProt line)")
                continue
            }
            let words = RuleFileParser.splitWords(line)
            // A `{` as the last word opens a setup block that runs to a line starting with `}`.
            var block: [LogicalLine]?
            if words.last == "{" {
                let scanned = scanBlock(physical, from: i, openedAt: number)
                block = scanned.body
                i = scanned.resume
            }
            let arguments = Array(words.dropLast(block == nil ? 0 : 1))
            // Anywhere else a lone `{` would be an argument that reads as a block opener once it
            // ends a line (a rule file printed back, or a line edited shorter).
            guard !arguments.contains("{") else {
                log.error(number, "'{' may only be the last word of a line, where it opens a setup block")
                continue
            }
            directive(arguments, line: number, block: block)
        }
    }

    /// Splits a line into words; `\ ` is a literal space inside a word (reference cern §2.1).
    /// Byte-wise, so a blank or `\` followed by a combining mark stays what it is.
    static func splitWords(_ line: Substring) -> [String] {
        var words: [String] = []
        var current: [UInt8] = []
        var escaped = false
        let backslash = UInt8(ascii: "\\"), space = UInt8(ascii: " "), tab = UInt8(ascii: "\t")
        func flush() {
            if !current.isEmpty { words.append(String(decoding: current, as: UTF8.self)); current = [] }
        }
        for byte in line.utf8 {
            if escaped {
                // `\ ` is a blank inside a word; other escapes are kept for the template matcher.
                if byte != space { current.append(backslash) }
                current.append(byte)
                escaped = false
                continue
            }
            if byte == backslash { escaped = true; continue }
            if byte == space || byte == tab { flush() } else { current.append(byte) }
        }
        if escaped { current.append(backslash) }
        flush()
        return words
    }

    mutating func directive(_ words: [String], line: Int, block: [LogicalLine]?) {
        guard let first = words.first else {
            log.error(line, "a '{' block must follow a Protection, Protect or DefProt directive")
            return
        }
        let name = first.lowercased().filter { $0 != "-" && $0 != "_" }
        let args = Array(words.dropFirst())
        if block != nil && !["protection", "protect", "defprot"].contains(name) {
            log.error(line, "'\(first)' cannot open a '{' block")
            return
        }
        switch name {
        case "map":
            guard args.count == 2 else { return usage(line, "Map TEMPLATE RESULT") }
            rules.append(.init(rule: .map(RuleTemplate(args[0]), result: args[1]), line: line))
        case "pass":
            guard args.count == 1 || args.count == 2 else { return usage(line, "Pass TEMPLATE [RESULT]") }
            rules.append(.init(rule: .pass(RuleTemplate(args[0]), result: args.count == 2 ? args[1] : nil), line: line))
        case "fail":
            guard args.count == 1 else { return usage(line, "Fail TEMPLATE") }
            rules.append(.init(rule: .fail(RuleTemplate(args[0])), line: line))
        case "redirect", "moved":
            guard args.count == 2 else { return usage(line, "\(first) TEMPLATE URL") }
            rules.append(.init(rule: .redirect(RuleTemplate(args[0]), url: args[1], permanent: name == "moved"), line: line))
        case "protection":
            protection(args, line: line, block: block)
        case "protect":
            guard args.count >= 1, args.count <= 3 else { return usage(line, "Protect TEMPLATE [SETUP [UID.GID]]") }
            let setup = args.count >= 2 || block != nil ? setupReference(args.count >= 2 ? args[1] : "{", line: line, block: block) : nil
            if args.count >= 2 || block != nil, setup == nil { return }
            if setup == nil && !sawDefProt {
                log.error(line, "Protect without a setup needs a DefProt rule above it")
                return
            }
            noteIds(args.count == 3 ? args[2] : nil, line: line)
            rules.append(.init(rule: .protect(RuleTemplate(args[0]), setup: setup, ids: args.count == 3 ? args[2] : nil), line: line))
        case "defprot":
            guard args.count >= 1, args.count <= 3, args.count >= 2 || block != nil else { return usage(line, "DefProt TEMPLATE SETUP [UID.GID]") }
            // Even when its setup is in error (reported there), a DefProt is above what follows.
            sawDefProt = true
            guard let setup = setupReference(args.count >= 2 ? args[1] : "{", line: line, block: block) else { return }
            noteIds(args.count == 3 ? args[2] : nil, line: line)
            rules.append(.init(rule: .defProt(RuleTemplate(args[0]), setup: setup, ids: args.count == 3 ? args[2] : nil), line: line))
        case "welcome":
            guard !args.isEmpty else { return usage(line, "Welcome NAME…") }
            welcome = (welcome ?? []) + args
        case "addtype", "suffix":
            guard args.count >= 2, args.count <= 4 else { return usage(line, "AddType .EXT TYPE [ENCODING [QUALITY]]") }
            var suffix = args[0]
            if suffix.startsWithASCII(".") { suffix = String(decoding: suffix.utf8.dropFirst(), as: UTF8.self) }
            guard !suffix.isEmpty, args[1].containsASCII("/") else {
                log.error(line, "AddType: expected '.ext type/subtype', got '\(args[0]) \(args[1])'")
                return
            }
            let encoding = args.count >= 3 ? args[2].lowercased() : nil
            let plain: Set<String> = ["binary", "8bit", "7bit"]
            types.append(.init(suffix: suffix.lowercased(), type: args[1], encoding: encoding.flatMap { plain.contains($0) ? nil : $0 }))
        case "diraccess":
            guard args.count == 1 else { return usage(line, "DirAccess On|Off|Selective") }
            switch args[0].lowercased() {
            case "on": listing = .on
            case "off": listing = .off
            case "selective": listing = .selective
            default: log.error(line, "DirAccess takes On, Off or Selective, not '\(args[0])'")
            }
        case "port":
            guard args.count == 1, let p = Int(args[0]), (0...65535).contains(p) else { return usage(line, "Port NUMBER (0–65535)") }
            port = p
        case "accesslog", "logfile":
            guard args.count == 1 else { return usage(line, "AccessLog PATH") }
            accessLog = PathResolution.resolve(args[0], relativeTo: path)
        case "errorlog":
            guard args.count == 1 else { return usage(line, "ErrorLog PATH") }
            errorLog = PathResolution.resolve(args[0], relativeTo: path)
        case "serverroot":
            guard args.count == 1 else { return usage(line, "ServerRoot PATH") }
            serverRoot = PathResolution.resolve(args[0], relativeTo: path)
        case "enable", "disable":
            guard args.count == 1 else { return usage(line, "\(first) METHOD") }
            let method = args[0].uppercased()
            if method == "GET" || method == "HEAD" {
                if name == "disable" { log.error(line, "GET and HEAD cannot be disabled") }
                return
            }
            guard RuleFileParser.switchableMethods.contains(method) else {
                log.error(line, "\(first): unknown method '\(args[0])'; expected PUT, DELETE or POST")
                return
            }
            if name == "enable" { enabled.insert(method) } else { enabled.remove(method) }
        case "dnslookup":
            guard args.count == 1, let on = RuleFileParser.boolean(args[0]) else { return usage(line, "DNSLookup On|Off") }
            dnsLookup = on
        case "proxydestinations":
            guard !args.isEmpty else { return usage(line, "ProxyDestinations TEMPLATE…") }
            var templates: [AddressTemplate] = []
            for arg in args {
                switch AddressTemplate.parse(arg) {
                case .success(let t): templates.append(t)
                case .failure(let e): log.error(line, e.message)
                }
            }
            proxyDestinations = (proxyDestinations ?? []) + templates
        case "proxyconnectports":
            guard !args.isEmpty else { return usage(line, "ProxyConnectPorts PORT…") }
            for arg in args {
                guard let p = Int(arg), (1...65535).contains(p) else { log.error(line, "'\(arg)' is not a port number"); continue }
                proxyConnectPorts.append(p)
            }
        case "defaultcharset":
            guard args.count == 1, args[0].lowercased() == "utf-8" else { return usage(line, "DefaultCharset utf-8") }
            defaultCharset = "utf-8"
        case "hostname":
            guard args.count == 1 else { return usage(line, "HostName NAME") }
            settings.hostName = args[0]
        case "userdir":
            log.error(line, "UserDir is not supported by Gatehouse; map user directories with Pass rules")
        case "exec", "htbin":
            log.error(line, "\(first) (CGI scripts) is not supported by Gatehouse")
        default:
            if serverDirective(name, first, args, line: line) { return }
            if let (keyPath, range) = ServerTuning.directives[name] {
                guard args.count == 1, let value = Int(args[0]), range.contains(value) else {
                    return usage(line, "\(first) NUMBER (\(range.lowerBound)–\(range.upperBound))")
                }
                tuning[keyPath: keyPath] = value
            } else {
                log.error(line, "unknown directive '\(first)'")
            }
        }
    }

    mutating func protection(_ args: [String], line: Int, block: [LogicalLine]?) {
        guard let name = args.first, (block != nil && args.count == 1) || (block == nil && args.count == 2) else {
            return usage(line, "Protection NAME { … } or Protection NAME SETUP-FILE")
        }
        let key = name.lowercased()
        if namedSetups[key] != nil {
            log.error(line, "protection '\(name)' is already defined")
            return
        }
        let source: RuleFile.SetupSource?
        if let block {
            source = parseBlock(block, name: name, line: line)
        } else {
            source = .file(path: PathResolution.resolve(args[1], relativeTo: path), namedAt: SourceLocation(path: path, line: line))
        }
        guard let source else {
            failedSetups.insert(key)
            return
        }
        setupSources.append(source)
        namedSetups[key] = setupSources.count - 1
    }

    /// A Protect/DefProt setup argument: `{` (inline block), a name defined above, or a file
    /// path (it contains a `/`).
    mutating func setupReference(_ word: String, line: Int, block: [LogicalLine]?) -> Int? {
        if let block {
            guard let source = parseBlock(block, name: "inline setup at line \(line)", line: line) else { return nil }
            setupSources.append(source)
            return setupSources.count - 1
        }
        if word.containsASCII("/") {
            setupSources.append(.file(path: PathResolution.resolve(word, relativeTo: path), namedAt: SourceLocation(path: path, line: line)))
            return setupSources.count - 1
        }
        guard let index = namedSetups[word.lowercased()] else {
            if failedSetups.contains(word.lowercased()) { return nil }
            log.error(line, "protection '\(word)' is not defined above this line (define it with 'Protection \(word) { … }' first, or name a setup file with a '/')")
            return nil
        }
        return index
    }

    mutating func parseBlock(_ lines: [LogicalLine], name: String, line: Int) -> RuleFile.SetupSource? {
        do {
            let (setup, warnings) = try ProtectionSetup.parse(lines: lines, name: name, path: path, baseFile: path, definedAt: SourceLocation(path: path, line: line))
            log.append(contentsOf: warnings)
            return .defined(setup)
        } catch {
            log.append(contentsOf: error.diagnostics)
            return nil
        }
    }

    mutating func noteIds(_ ids: String?, line: Int) {
        guard ids != nil, !notedIds else { return }
        notedIds = true
        log.warning(line, "per-rule user and group ids are kept but not used: Gatehouse serves every request as the one user it runs as (UserId, GroupId)")
    }

    mutating func usage(_ line: Int, _ expected: String) {
        log.error(line, "expected '\(expected)'")
    }

    static func boolean(_ word: String) -> Bool? {
        switch word.lowercased() {
        case "on", "yes", "true", "enable", "enabled": return true
        case "off", "no", "false", "disable", "disabled": return false
        default: return nil
        }
    }

    func build() -> RuleFile {
        var resolved: [Int: String] = [:]
        let base = PathResolution.directory(of: path)
        for line in rules {
            guard case .pass(_, let result?) = line.rule, !result.startsWithASCII("/"), !Translator.isProxyURL(result) else { continue }
            resolved[line.line] = PathResolution.normalise(base + "/" + result) + (result.endsWithASCII("/") ? "/" : "")
        }
        return RuleFile(path: path, rules: rules, setupSources: setupSources,
                 welcome: welcome ?? ["Welcome.html", "welcome.html", "index.html"], types: types,
                 directoryListing: listing, port: port, accessLog: accessLog, errorLog: errorLog,
                 serverRoot: serverRoot, enabledMethods: enabled, dnsLookup: dnsLookup,
                 proxyDestinations: proxyDestinations, proxyConnectPorts: proxyConnectPorts,
                 defaultCharset: defaultCharset, tuning: tuning, settings: settings, resolvedPassResults: resolved)
    }
}
