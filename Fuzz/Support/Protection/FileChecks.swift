import Protection

/// Invariants shared by the protection-file targets: how a parse may fail and what its
/// diagnostics must say.
enum FileChecks {
    /// The number of physical lines, split the way the parsers split them (at `\n` bytes).
    static func lineCount(_ text: String) -> Int {
        text.utf8.reduce(1) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }
    }

    /// A failed parse: at least one diagnostic, each an error naming `path` and a line of `text`
    /// (0 for the file as a whole).
    static func checkFailure(_ error: ProtectionFileError, path: String, text: String) {
        fuzzCheck(!error.diagnostics.isEmpty, "a ProtectionFileError without diagnostics")
        let lines = lineCount(text)
        for diagnostic in error.diagnostics { check(diagnostic, .error, path: path, lines: lines) }
    }

    /// A successful parse's warnings: each a warning naming `path` and a line of `text`.
    static func checkWarnings(_ warnings: [Diagnostic], path: String, text: String) {
        let lines = lineCount(text)
        for diagnostic in warnings { check(diagnostic, .warning, path: path, lines: lines) }
    }

    private static func check(_ diagnostic: Diagnostic, _ severity: Diagnostic.Severity, path: String, lines: Int) {
        fuzzCheck(diagnostic.severity == severity, "\(severity) expected: \(diagnostic)")
        fuzzCheck(diagnostic.location.path == path, "diagnostic names \(fuzzShow(diagnostic.location.path)), not \(path): \(diagnostic)")
        fuzzCheck((0...lines).contains(diagnostic.location.line), "diagnostic line \(diagnostic.location.line) outside 0…\(lines): \(diagnostic)")
        fuzzCheck(!diagnostic.message.isEmpty, "diagnostic without a message at \(diagnostic.location)")
        let prefix = diagnostic.location.line > 0 ? "\(path):\(diagnostic.location.line): " : "\(path): "
        fuzzCheck(diagnostic.description.hasPrefix(prefix), "diagnostic does not start with '\(prefix)': \(diagnostic)")
    }

    /// `GroupDefinition`'s documented promise: its description parses back to the same value,
    /// and so does the compact form the file printers write.
    static func checkRoundTrip(_ definition: GroupDefinition) {
        fuzzCheck(!definition.items.isEmpty, "a definition without items")
        for item in definition.items {
            fuzzCheck(!item.names.isEmpty || !item.addresses.isEmpty, "an empty item in \(fuzzShow(definition.description))")
            for address in item.addresses { checkRoundTrip(address) }
        }
        let printed = definition.description
        let again = Result { () throws(GroupSyntaxError) -> GroupDefinition in try GroupDefinition(parsing: printed) }
        fuzzCheck(again == .success(definition), "definition printed as \(fuzzShow(printed)) parses back as \(again)")
        let compact = CERNPrinter.definition(definition)
        let fromCompact = Result { () throws(GroupSyntaxError) -> GroupDefinition in try GroupDefinition(parsing: compact) }
        fuzzCheck(fromCompact == .success(definition), "definition printed compactly as \(fuzzShow(compact)) parses back as \(fromCompact)")
    }

    /// `AddressTemplate`'s description parses back to the same template.
    static func checkRoundTrip(_ template: AddressTemplate) {
        let printed = template.description
        let again = AddressTemplate.parse(printed)
        fuzzCheck(again == .success(template), "address template \(template) printed as \(fuzzShow(printed)) parses back as \(again)")
    }

    /// Runs a file parser, checking the failure or the warnings; returns the value on success.
    static func parse<Value>(
        _ text: String, path: String,
        _ parser: (String, String) throws(ProtectionFileError) -> (Value, [Diagnostic])
    ) -> Value? {
        switch Result(catching: { () throws(ProtectionFileError) -> (Value, [Diagnostic]) in try parser(text, path) }) {
        case .success(let (value, warnings)):
            checkWarnings(warnings, path: path, text: text)
            return value
        case .failure(let error):
            checkFailure(error, path: path, text: text)
            return nil
        }
    }

    /// Parses text a printer wrote from a parsed value; it must parse (its warnings are checked
    /// like any others).
    static func reparse<Value>(
        _ printed: String, path: String, from original: String,
        _ parser: (String, String) throws(ProtectionFileError) -> (Value, [Diagnostic])
    ) -> Value? {
        switch Result(catching: { () throws(ProtectionFileError) -> (Value, [Diagnostic]) in try parser(printed, path) }) {
        case .success(let (value, warnings)):
            checkWarnings(warnings, path: path, text: printed)
            return value
        case .failure(let error):
            fuzzCheck(false, "\(fuzzShow(original)) parsed, but printed back as \(fuzzShow(printed)) it fails: \(error)")
            return nil
        }
    }
}
