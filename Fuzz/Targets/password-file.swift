import Protection

/// libFuzzer entry: the input is the text of a password file.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPasswordFile(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    PasswordFileFuzzTarget.run(String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self))
    return 0
}

/// Fuzzes `PasswordFile.parse(_:path:)` and `PasswordHash(field:)` (parsing only: nothing here
/// calls crypt(3), which would make each input cost a hash).
///
/// Invariants: no crash or trap; a failure names the file and lines of it; entries have unique,
/// non-empty user names without control characters, on increasing lines, and `entry(for:)` finds
/// each; printed back as `user:field[:rest]` on the entry's line, the file parses to equal
/// entries, except that an unusable hash field cannot be printed as it was (the value keeps only
/// the reason), so it is printed as another unusable field and must stay unusable.
enum PasswordFileFuzzTarget {
    /// The path the input is parsed as (diagnostics must name it).
    static let path = "/srv/fuzz/conf/passwd"
    /// A field `PasswordHash(field:)` classifies as unusable (not in the crypt alphabet).
    static let unusableField = "?"

    /// Checks one input.
    static func run(_ text: String) {
        guard let file = FileChecks.parse(text, path: path, PasswordFile.parse) else { return }
        check(file, text: text)
        let printed = CERNPrinter.placed(file.entries.map { entry in
            (entry.line, entry.user + ":" + field(entry.hash) + (entry.realName.isEmpty ? "" : ":" + entry.realName))
        })
        guard let again = FileChecks.reparse(printed, path: path, from: text, PasswordFile.parse) else { return }
        fuzzCheck(again.entries.count == file.entries.count, "\(fuzzShow(text)) printed as \(fuzzShow(printed)) has \(again.entries.count) entries")
        for (old, new) in zip(file.entries, again.entries) {
            fuzzCheck(old.user == new.user && old.realName == new.realName && old.line == new.line,
                      "entry \(fuzzShow(old.user)) on line \(old.line) came back as \(fuzzShow(new.user)) on line \(new.line)")
            switch old.hash {
            case .unusable:
                fuzzCheck(!new.hash.isUsable, "unusable hash of \(old.user) came back usable: \(new.hash)")
            case .crypt, .des, .apr1, .sha1, .ssha, .disabled:
                fuzzCheck(old.hash == new.hash, "hash of \(fuzzShow(old.user)) \(old.hash) came back as \(new.hash)")
            }
        }
    }

    /// The hash field as written in a password file.
    static func field(_ hash: PasswordHash) -> String {
        switch hash {
        case .crypt(let stored), .des(let stored): return stored
        case .apr1(let salt, let digest): return "$apr1$\(salt)$\(digest)"
        case .sha1(let digest): return "{SHA}" + Base64.encode(digest)
        case .ssha(let digest, let salt): return "{SSHA}" + Base64.encode(digest + salt)
        case .disabled(let reason):
            if reason.hasPrefix("empty") { return "" }
            if reason.contains("'*'") { return "*" }
            if reason.contains("'x'") { return "x" }
            return "!"
        case .unusable: return unusableField
        }
    }

    /// What any parsed password file must look like.
    static func check(_ file: PasswordFile, text: String) {
        let lines = FileChecks.lineCount(text)
        var seen: Set<String> = []
        var previousLine = 0
        for entry in file.entries {
            fuzzCheck(!entry.user.isEmpty && !entry.user.contains(":"), "user \(fuzzShow(entry.user))")
            fuzzCheck(!entry.user.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F }, "user \(fuzzShow(entry.user)) holds a control character")
            fuzzCheck(seen.insert(entry.user).inserted, "user \(entry.user) listed twice")
            fuzzCheck(entry.line > previousLine && entry.line <= lines, "entry on line \(entry.line)")
            previousLine = entry.line
            fuzzCheck(file.entry(for: entry.user)?.line == entry.line, "entry(for: \(entry.user))")
            if entry.hash.isUsable { fuzzCheck(entry.hash.problem == nil, "usable hash \(entry.hash) has a problem") }
        }
        fuzzCheck(file.timingReference.isUsable, "timing reference \(file.timingReference) is not usable")
    }
}
