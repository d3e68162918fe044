import Protection

/// libFuzzer entry: the input is the text of a group file (and, whole or word by word, a group
/// definition and address templates).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzGroupFile(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    GroupFileFuzzTarget.run(String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self))
    return 0
}

/// Fuzzes `GroupFile.parse(_:path:)`, `GroupDefinition(parsing:)` and `AddressTemplate.parse`.
///
/// Invariants: no crash or trap; a failure names the file and lines of it; every definition's
/// `description` (and compact form) parses back to an equal definition, and every address
/// template's `description` to an equal template; a group file has valid, unique, non-predefined
/// names without control characters on increasing lines, no group contains itself or a group defined below it, and printed
/// back (`name:definition` on the group's line) it parses to an equal file.
enum GroupFileFuzzTarget {
    /// The path the input is parsed as (diagnostics must name it).
    static let path = "/srv/fuzz/conf/group"
    /// Words of the input also tried as address templates.
    static let maxWords = 64

    /// Checks one input.
    static func run(_ text: String) {
        if let definition = try? GroupDefinition(parsing: text) { FileChecks.checkRoundTrip(definition) }
        for word in text.utf8.split(whereSeparator: { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") || $0 == UInt8(ascii: "\n") || $0 == UInt8(ascii: ",") })
            .prefix(maxWords).map({ String(decoding: $0, as: UTF8.self) }) {
            if case .success(let template) = AddressTemplate.parse(word) { FileChecks.checkRoundTrip(template) }
        }

        guard let file = FileChecks.parse(text, path: path, GroupFile.parse) else { return }
        check(file, text: text)
        let printed = CERNPrinter.placed(file.groups.map { group in
            (group.line, group.name + ":" + CERNPrinter.definition(group.definition))
        })
        guard let again = FileChecks.reparse(printed, path: path, from: text, GroupFile.parse) else { return }
        fuzzCheck(again == file, "\(fuzzShow(text)) printed as \(fuzzShow(printed)) parses to a different group file")
    }

    /// What any parsed group file must look like.
    static func check(_ file: GroupFile, text: String) {
        let lines = FileChecks.lineCount(text)
        var seen: Set<String> = []
        var previousLine = 0
        for group in file.groups {
            fuzzCheck(!group.name.isEmpty && !group.name.utf8.contains { Array(" \t,()@*:".utf8).contains($0) }, "group name \(fuzzShow(group.name))")
            fuzzCheck(!group.name.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F }, "group name \(fuzzShow(group.name)) holds a control character")
            fuzzCheck(PredefinedGroup(name: group.name) == nil, "predefined name \(group.name) redefined")
            fuzzCheck(seen.insert(group.name).inserted, "group \(group.name) defined twice")
            fuzzCheck(group.line > previousLine && group.line <= lines, "group \(group.name) on line \(group.line)")
            previousLine = group.line
            fuzzCheck(file.definition(of: group.name) == group.definition, "lookup of \(group.name)")
            for member in group.definition.names {
                fuzzCheck(member != group.name, "group \(group.name) contains itself")
                if let later = file.groups.first(where: { $0.name == member }) {
                    fuzzCheck(later.line < group.line, "group \(group.name) uses \(member), defined below it")
                }
            }
            FileChecks.checkRoundTrip(group.definition)
        }
    }
}
