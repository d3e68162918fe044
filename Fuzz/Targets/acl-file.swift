import Protection

/// libFuzzer entry: the input is the text of a `.www_acl` file.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzACLFile(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    ACLFileFuzzTarget.run(String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self))
    return 0
}

/// Fuzzes `ACLFile.parse(_:path:)`.
///
/// Invariants: no crash or trap; a failure names the file and lines of it; every entry has a
/// file-name template (no `/`, at most one `*`), one or more methods of `ACLFile.methods`
/// (upper-cased) and a round-tripping definition, on increasing lines; printed back as
/// `template:METHODS:definition` on the entry's line, the file parses to an equal one.
enum ACLFileFuzzTarget {
    /// The path the input is parsed as (diagnostics must name it).
    static let path = "/srv/fuzz/www/docs/.www_acl"

    /// Checks one input.
    static func run(_ text: String) {
        let parsed = Result(catching: { () throws(ProtectionFileError) -> ACLFile in try ACLFile.parse(text, path: path) })
        let file: ACLFile
        switch parsed {
        case .success(let value): file = value
        case .failure(let error):
            FileChecks.checkFailure(error, path: path, text: text)
            return
        }
        check(file, text: text)
        let printed = CERNPrinter.placed(file.entries.map { entry in
            (entry.line, entry.template + ":" + entry.methods.joined(separator: ",") + ":"
                + CERNPrinter.definition(entry.who))
        })
        switch Result(catching: { () throws(ProtectionFileError) -> ACLFile in try ACLFile.parse(printed, path: path) }) {
        case .success(let again):
            fuzzCheck(again == file, "\(fuzzShow(text)) printed as \(fuzzShow(printed)) parses to \(again), not \(file)")
        case .failure(let error):
            fuzzCheck(false, "\(fuzzShow(text)) parsed, but printed back as \(fuzzShow(printed)) it fails: \(error)")
        }
    }

    /// What any parsed ACL file must look like.
    static func check(_ file: ACLFile, text: String) {
        fuzzCheck(file.path == path, "path \(file.path)")
        let lines = FileChecks.lineCount(text)
        var previousLine = 0
        for entry in file.entries {
            fuzzCheck(!entry.template.isEmpty && !entry.template.utf8.contains(UInt8(ascii: "/"))
                      && entry.template.utf8.filter { $0 == UInt8(ascii: "*") }.count <= 1,
                      "template \(fuzzShow(entry.template))")
            fuzzCheck(!entry.methods.isEmpty, "an entry without methods")
            for method in entry.methods {
                fuzzCheck(ACLFile.methods.contains(method), "method \(fuzzShow(method))")
            }
            fuzzCheck(entry.line > previousLine && entry.line <= lines, "entry on line \(entry.line)")
            previousLine = entry.line
            FileChecks.checkRoundTrip(entry.who)
            // The entry's own template always names the file it matches when it has no `*`.
            if !entry.template.utf8.contains(UInt8(ascii: "*")), let method = entry.methods.first {
                fuzzCheck(entry.applies(to: entry.template, method: method), "\(entry.template) does not apply to itself")
            }
        }
    }
}
