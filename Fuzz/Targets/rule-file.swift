import Protection

/// libFuzzer entry: the input is the text of a rule file (`httpd.conf`).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRuleFile(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    RuleFileFuzzTarget.run(String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self))
    return 0
}

/// Fuzzes `RuleFile.parse(_:path:)`, with the setup blocks inside it.
///
/// Invariants: no crash or trap; a failure names the file and lines of it; rules refer to
/// existing setups, paths are absolute and normalised, Pass roots never climb (`..`), every
/// definition and address template round-trips; translating probe paths through the rules ends
/// in a rule that exists and, for a file, in an absolute path without dot segments; printed back
/// by `print(_:)` the file parses to an equivalent one. Equivalent, not equal: the printer names every setup `sN` (a block's name
/// and location are its own) and writes settings before rules, so rule line numbers move.
enum RuleFileFuzzTarget {
    /// The path the input is parsed as (diagnostics must name it).
    static let path = "/srv/fuzz/conf/httpd.conf"
    /// Rules whose templates are also used as probe paths for the translator.
    static let maxProbes = 16

    /// Checks one input.
    static func run(_ text: String) {
        guard let file = FileChecks.parse(text, path: path, RuleFile.parse) else { return }
        check(file)
        checkTranslation(file)
        let printed = print(file)
        guard let again = FileChecks.reparse(printed, path: path, from: text, RuleFile.parse) else { return }
        if let difference = difference(file, again) {
            fuzzCheck(false, "\(fuzzShow(text)) printed as \(fuzzShow(printed)) parses back with a different \(difference)")
        }
    }

    /// What any parsed rule file must look like.
    static func check(_ file: RuleFile) {
        for line in file.rules {
            switch line.rule {
            case .protect(_, let setup?, _), .defProt(_, let setup, _):
                fuzzCheck(file.setupSources.indices.contains(setup), "rule on line \(line.line) names setup \(setup)")
            case .pass:
                if let root = file.passRoot(line: line.line) { checkPath(root, "Pass root") }
            case .protect, .map, .fail, .redirect:
                break
            }
        }
        for source in file.setupSources {
            switch source {
            case .defined(let setup):
                for path in [setup.passwordFile, setup.groupFile].compactMap({ $0 }) { checkPath(path, "setup path") }
                for mask in setup.masks.values { FileChecks.checkRoundTrip(mask) }
            case .file(let path, let namedAt):
                checkPath(path, "setup file")
                fuzzCheck(namedAt.path == self.path && namedAt.line > 0, "setup file named at \(namedAt)")
            }
        }
        for path in [file.accessLog, file.errorLog, file.serverRoot].compactMap({ $0 }) { checkPath(path, "log or root path") }
        for template in file.proxyDestinations ?? [] { FileChecks.checkRoundTrip(template) }
        fuzzCheck(file.port.map { (0...65_535).contains($0) } ?? true, "port \(String(describing: file.port))")
        fuzzCheck(file.proxyConnectPorts.allSatisfy { (1...65_535).contains($0) }, "connect ports \(file.proxyConnectPorts)")
        fuzzCheck(file.enabledMethods.isSubset(of: ["PUT", "DELETE", "POST"]), "enabled \(file.enabledMethods)")
        fuzzCheck(!file.welcome.isEmpty, "no welcome names")
    }

    /// Runs the translator over `/` and over each rule's template with its `*`s filled in.
    static func checkTranslation(_ file: RuleFile) {
        let probes = ["/"] + file.rules.prefix(maxProbes).map { String($0.rule.template.source.map { $0 == "*" ? "x" : $0 }) }
        let lines = Set(file.rules.map(\.line))
        for probe in probes {
            let translation = Translator.translate(probe, query: "q=1", rules: file)
            switch translation.outcome {
            case .file(let target, let passLine):
                fuzzCheck(lines.contains(passLine), "Pass line \(passLine) is not a rule")
                if !Translator.isProxyURL(target) {
                    fuzzCheck(target.utf8.first == UInt8(ascii: "/"), "\(fuzzShow(probe)) translated to relative \(fuzzShow(target))")
                    let segments = target.utf8.split(separator: UInt8(ascii: "/")).map { String(decoding: $0, as: UTF8.self) }
                    fuzzCheck(!segments.contains("..") && !segments.contains("."), "\(fuzzShow(probe)) translated to \(fuzzShow(target))")
                }
            case .failed(let line), .redirect(_, _, let line):
                fuzzCheck(lines.contains(line), "translation ended on line \(line), which is not a rule")
            case .noPass:
                break
            }
            if let setup = translation.protection { fuzzCheck(file.setupSources.indices.contains(setup), "protection \(setup)") }
            if let setup = translation.defaultProtection { fuzzCheck(file.setupSources.indices.contains(setup), "default protection \(setup)") }
        }
    }

    /// An absolute, normalised path with no `.` or `..` segment.
    static func checkPath(_ path: String, _ what: String) {
        fuzzCheck(path.utf8.first == UInt8(ascii: "/") && PathResolution.normalise(path) == path, "\(what) \(fuzzShow(path)) is not absolute and normalised")
        let segments = path.utf8.split(separator: UInt8(ascii: "/")).map { String(decoding: $0, as: UTF8.self) }
        fuzzCheck(!segments.contains("..") && !segments.contains("."), "\(what) \(fuzzShow(path)) has a dot segment")
    }

    /// The rule file as text: settings, then every setup as `Protection sN …` in index order,
    /// then the rules, which name setups `sN`.
    static func print(_ file: RuleFile) -> String {
        let word = CERNPrinter.word
        var lines: [String] = []
        if let port = file.port { lines.append("Port \(port)") }
        lines += CERNPrinter.lines("Welcome", file.welcome)
        for type in file.types {
            // A last word cannot end in an escaped blank (the line is trimmed), so such a type is
            // followed by `binary` (no encoding), such an encoding by a quality, which is ignored.
            var words = ["AddType", word("." + type.suffix), word(type.type)]
            if let encoding = type.encoding {
                words.append(word(encoding))
                if !CERNPrinter.canEndLine(encoding) { words.append("1") }
            } else if !CERNPrinter.canEndLine(type.type) {
                words.append("binary")
            }
            lines.append(words.joined(separator: " "))
        }
        switch file.directoryListing {
        case .on: lines.append("DirAccess On")
        case .off: lines.append("DirAccess Off")
        case .selective: lines.append("DirAccess Selective")
        }
        if let path = file.accessLog { lines.append("AccessLog " + word(CERNPrinter.path(path))) }
        if let path = file.errorLog { lines.append("ErrorLog " + word(CERNPrinter.path(path))) }
        if let path = file.serverRoot { lines.append("ServerRoot " + word(CERNPrinter.path(path))) }
        for method in file.enabledMethods.sorted() { lines.append("Enable " + method) }
        lines.append(file.dnsLookup ? "DNSLookup On" : "DNSLookup Off")
        if let templates = file.proxyDestinations {
            lines += CERNPrinter.lines("ProxyDestinations", templates.map(\.description))
        }
        if !file.proxyConnectPorts.isEmpty {
            lines.append((["ProxyConnectPorts"] + file.proxyConnectPorts.map(String.init)).joined(separator: " "))
        }
        if let charset = file.defaultCharset { lines.append("DefaultCharset " + charset) }
        let tuning = file.tuning
        lines += [
            "HeadTimeout \(tuning.headTimeoutSeconds)", "IdleTimeout \(tuning.idleTimeoutSeconds)",
            "SendTimeout \(tuning.sendTimeoutSeconds)", "MaxConnections \(tuning.maxConnections)",
            "MaxBodySize \(tuning.maxBodyBytes)", "AuthFailureLimit \(tuning.authFailureLimit)",
            "AuthFailureWindow \(tuning.authFailureWindowSeconds)",
        ]
        for (index, source) in file.setupSources.enumerated() {
            switch source {
            case .defined(let setup):
                lines.append("Protection s\(index) {")
                lines += CERNPrinter.setup(setup)
                lines.append("}")
            case .file(let path, _):
                lines.append("Protection s\(index) " + word(CERNPrinter.path(path)))
            }
        }
        for line in file.rules {
            switch line.rule {
            case .map(let template, let result):
                lines.append("Map \(word(template.source)) \(word(result))")
            case .pass(let template, let result):
                lines.append("Pass \(word(template.source))" + (result.map { " " + word($0) } ?? ""))
            case .fail(let template):
                lines.append("Fail \(word(template.source))")
            case .redirect(let template, let url, let permanent):
                lines.append("\(permanent ? "Moved" : "Redirect") \(word(template.source)) \(word(url))")
            case .protect(let template, let setup, let ids):
                lines.append("Protect \(word(template.source))" + (setup.map { " s\($0)" } ?? "") + (ids.map { " " + word($0) } ?? ""))
            case .defProt(let template, let setup, let ids):
                lines.append("DefProt \(word(template.source)) s\(setup)" + (ids.map { " " + word($0) } ?? ""))
            }
        }
        return lines.map { $0 + "\n" }.joined()
    }

    /// The first field in which two rule files differ (setups compared without name and
    /// location, rules without line numbers), or nil.
    static func difference(_ a: RuleFile, _ b: RuleFile) -> String? {
        if a.rules.map(\.rule) != b.rules.map(\.rule) { return "rule list: \(a.rules.map(\.rule)) vs \(b.rules.map(\.rule))" }
        if a.setupSources.count != b.setupSources.count { return "setup count" }
        for (index, (x, y)) in zip(a.setupSources, b.setupSources).enumerated() {
            switch (x, y) {
            case (.defined(let s), .defined(let t)):
                if s.realm != t.realm || s.passwordFile != t.passwordFile || s.groupFile != t.groupFile || s.masks != t.masks
                    || s.aclOverride != t.aclOverride || s.userId != t.userId || s.groupId != t.groupId {
                    return "setup \(index): \(s) vs \(t)"
                }
            case (.file(let p, _), .file(let q, _)):
                if p != q { return "setup file \(index): \(fuzzShow(p)) vs \(fuzzShow(q))" }
            case (.defined, .file), (.file, .defined):
                return "setup kind \(index)"
            }
        }
        if a.welcome != b.welcome { return "welcome list: \(a.welcome) vs \(b.welcome)" }
        if a.types != b.types { return "types: \(a.types) vs \(b.types)" }
        if a.directoryListing != b.directoryListing { return "DirAccess" }
        if a.port != b.port { return "port" }
        if a.accessLog != b.accessLog || a.errorLog != b.errorLog || a.serverRoot != b.serverRoot {
            return "log or root path: \([a.accessLog, a.errorLog, a.serverRoot]) vs \([b.accessLog, b.errorLog, b.serverRoot])"
        }
        if a.enabledMethods != b.enabledMethods { return "enabled methods" }
        if a.dnsLookup != b.dnsLookup { return "DNSLookup" }
        if a.proxyDestinations != b.proxyDestinations { return "ProxyDestinations" }
        if a.proxyConnectPorts != b.proxyConnectPorts { return "ProxyConnectPorts" }
        if a.defaultCharset != b.defaultCharset { return "DefaultCharset" }
        if a.tuning != b.tuning { return "tuning" }
        return nil
    }
}
