import Protection

/// libFuzzer entry: the input is the text of a protection setup file.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSetup(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    SetupFuzzTarget.run(String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self))
    return 0
}

/// Fuzzes `ProtectionSetup.parse(_:path:)`.
///
/// Invariants: no crash or trap; a failure names the file and lines of it; a setup has absolute,
/// normalised file paths and masks whose definitions round-trip; printed back as a setup file
/// (`CERNPrinter.setup`) it parses to an equal setup.
enum SetupFuzzTarget {
    /// The path the input is parsed as (diagnostics must name it).
    static let path = "/srv/fuzz/conf/setups/fuzz.setup"

    /// Checks one input.
    static func run(_ text: String) {
        guard let setup = FileChecks.parse(text, path: path, ProtectionSetup.parse) else { return }
        check(setup)
        let printed = CERNPrinter.setup(setup).map { $0 + "\n" }.joined()
        guard let again = FileChecks.reparse(printed, path: path, from: text, ProtectionSetup.parse) else { return }
        fuzzCheck(again == setup, "\(fuzzShow(text)) printed as \(fuzzShow(printed)) parses to \(again), not \(setup)")
    }

    /// What any parsed setup must look like.
    static func check(_ setup: ProtectionSetup) {
        for path in [setup.passwordFile, setup.groupFile].compactMap({ $0 }) {
            fuzzCheck(path.hasPrefix("/") && PathResolution.normalise(path) == path, "setup path \(fuzzShow(path)) is not absolute and normalised")
        }
        for mask in setup.masks.values { FileChecks.checkRoundTrip(mask) }
    }
}
