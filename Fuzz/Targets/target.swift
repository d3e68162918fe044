import HTTPWire

/// libFuzzer entry: the first byte picks the method, the rest is the raw request-target.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTarget(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    TargetFuzzTarget.run(UnsafeRawBufferPointer(start: data, count: size))
    return 0
}

/// Fuzzes `RequestTarget(parsing:method:)` and `NormalisedPath(parsing:)`.
///
/// Invariants: no crash or trap; the target form fits the method; a normalised path is
/// absolute, has no `.` or `..` segment and no control byte, agrees with the naive
/// `PathOracle` (result and error), and is idempotent when it is itself a valid raw path;
/// the string and byte entry points agree.
enum TargetFuzzTarget {
    /// Methods the first byte selects from: the ones with target-form rules, and others.
    static let methods: [HTTPMethod] = [.get, .head, .options, .connect, .post, .put, .delete, HTTPMethod(rawValue: "PROPFIND")!]

    /// Checks one input.
    static func run(_ input: UnsafeRawBufferPointer) {
        guard let selector = input.first else { return }
        let method = methods[Int(selector) % methods.count]
        let raw = Array(input.dropFirst())

        let target = raw.withUnsafeBytes { bytes in
            Result { () throws(HTTPParseError) -> RequestTarget in try RequestTarget(parsing: bytes, method: method) }
        }
        switch target {
        case .success(let parsed):
            TargetInvariants.check(parsed, method: method, raw: raw)
        case .failure(let error):
            fuzzCheck(HTTPParseError.allCases.contains(error) && error.status.code == 400, "target refused with \(error) → \(error.status)")
        }

        let path = raw.withUnsafeBytes { bytes in
            Result { () throws(HTTPParseError) -> NormalisedPath in try NormalisedPath(parsing: bytes) }
        }
        switch path {
        case .success(let normalised): TargetInvariants.check(normalised, raw: raw)
        case .failure: TargetInvariants.checkAgainstOracle(raw: raw, outcome: path)
        }

        if let text = String(validating: raw, as: UTF8.self) {
            let fromString = Result { () throws(HTTPParseError) -> RequestTarget in try RequestTarget(parsing: text, method: method) }
            fuzzCheck(fromString == target, "string entry point gave \(fromString), bytes \(target)")
            let pathFromString = Result { () throws(HTTPParseError) -> NormalisedPath in try NormalisedPath(parsing: text) }
            fuzzCheck(pathFromString == path, "string entry point gave \(pathFromString), bytes \(path)")
        }
    }
}
