import HTTPWire

/// The properties every parsed request-target must have, whatever the input.
enum TargetInvariants {
    /// Checks a successfully normalised path: absolute, no `.` or `..` segment, no control byte,
    /// `endsWithSlash` agreeing with the text, agreement with ``PathOracle``, and idempotence
    /// whenever the decoded text is itself a valid raw path.
    static func check(_ path: NormalisedPath, raw: [UInt8]) {
        let bytes = Array(path.path.utf8)
        fuzzCheck(bytes.first == UInt8(ascii: "/"), "normalised path \(fuzzShow(path.path)) is not absolute")
        let segments = bytes.dropFirst().split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false)
        for segment in segments {
            fuzzCheck(!segment.elementsEqual("..".utf8), "normalised path \(fuzzShow(path.path)) from \(fuzzShow(raw)) has a '..' segment")
            fuzzCheck(!segment.elementsEqual(".".utf8), "normalised path \(fuzzShow(path.path)) from \(fuzzShow(raw)) has a '.' segment")
        }
        fuzzCheck(!bytes.contains { $0 < 0x20 || $0 == 0x7F }, "normalised path \(fuzzShow(path.path)) holds a control byte")
        fuzzCheck(path.endsWithSlash == (bytes.last == UInt8(ascii: "/")), "endsWithSlash disagrees with \(fuzzShow(path.path))")
        fuzzCheck(bytes.count <= raw.count + 1, "normalised path longer than its input plus one byte")
        checkAgainstOracle(raw: raw, outcome: .success(path))
        if isRawPath(bytes) {
            // The decoded path is final; when it happens to be a valid raw path too, normalising
            // it again must change nothing (`%2F` stays `%2F`).
            let again = Result { () throws(HTTPParseError) -> NormalisedPath in try NormalisedPath(parsing: path.path) }
            fuzzCheck(again == .success(path), "normalising \(fuzzShow(path.path)) again gave \(again)")
        }
    }

    /// Checks `NormalisedPath(parsing:)`'s outcome for `raw` against ``PathOracle``.
    static func checkAgainstOracle(raw: [UInt8], outcome: Result<NormalisedPath, HTTPParseError>) {
        let expected = PathOracle.normalise(raw)
        switch (outcome, expected) {
        case (.success(let path), .success(let oracle)):
            fuzzCheck(Array(path.path.utf8) == oracle.path && path.endsWithSlash == oracle.endsWithSlash,
                      "\(fuzzShow(raw)) normalised to \(fuzzShow(path.path)) (slash \(path.endsWithSlash)), oracle says \(fuzzShow(oracle.path)) (slash \(oracle.endsWithSlash))")
        case (.failure(let error), .failure(let oracle)):
            fuzzCheck(error == oracle, "\(fuzzShow(raw)) refused as \(error), oracle says \(oracle)")
        case (.success(let path), .failure(let oracle)):
            fuzzCheck(false, "\(fuzzShow(raw)) normalised to \(fuzzShow(path.path)), oracle refuses it: \(oracle)")
        case (.failure(let error), .success(let oracle)):
            fuzzCheck(false, "\(fuzzShow(raw)) refused as \(error), oracle gives \(fuzzShow(oracle.path))")
        }
    }

    /// Checks a parsed request-target against the method and the raw bytes it came from.
    static func check(_ target: RequestTarget, method: HTTPMethod, raw: [UInt8]) {
        fuzzCheck(!raw.isEmpty && !raw.contains(UInt8(ascii: "#")), "a target was parsed from \(fuzzShow(raw))")
        switch target {
        case .asterisk:
            fuzzCheck(method == .options && raw == [UInt8(ascii: "*")], "asterisk-form for \(method) \(fuzzShow(raw))")
        case .authority(let host, let port):
            fuzzCheck(method == .connect, "authority-form for \(method)")
            fuzzCheck(!host.isEmpty && (0...65_535).contains(port), "authority \(fuzzShow(host)):\(port)")
            fuzzCheck(!host.utf8.contains { $0 >= 0x41 && $0 <= 0x5A }, "authority host \(fuzzShow(host)) is not lowercased")
        case .origin(let path, let query):
            fuzzCheck(method != .connect && raw.first == UInt8(ascii: "/"), "origin-form for \(method) \(fuzzShow(raw))")
            let queryStart = raw.firstIndex(of: UInt8(ascii: "?"))
            check(path, raw: Array(raw[..<(queryStart ?? raw.count)]))
            let expectedQuery = queryStart.map { String(decoding: raw[($0 + 1)...], as: UTF8.self) }
            fuzzCheck(query == expectedQuery, "query \(String(describing: query)) from \(fuzzShow(raw))")
        case .absolute(let absolute):
            fuzzCheck(method != .connect, "absolute-form for CONNECT")
            fuzzCheck(absolute.scheme == "http", "scheme \(absolute.scheme)")
            fuzzCheck(!absolute.host.isEmpty, "absolute-form with an empty host from \(fuzzShow(raw))")
            fuzzCheck(!absolute.host.utf8.contains { $0 >= 0x41 && $0 <= 0x5A }, "absolute host \(fuzzShow(absolute.host)) is not lowercased")
            fuzzCheck(absolute.port.map { (0...65_535).contains($0) } ?? true, "port \(String(describing: absolute.port))")
            // Byte-wise: `hasPrefix` compares characters, and a combining mark joins the `/`.
            fuzzCheck(absolute.rawPath.utf8.first == UInt8(ascii: "/"), "absolute-form raw path \(fuzzShow(absolute.rawPath)) does not start with '/'")
            fuzzCheck(absolute.originForm.utf8.starts(with: absolute.rawPath.utf8), "originForm \(fuzzShow(absolute.originForm))")
            let rawPath = Array(absolute.rawPath.utf8)
            let normalised = Result { () throws(HTTPParseError) -> NormalisedPath in try absolute.normalisedPath() }
            if case .success(let path) = normalised { check(path, raw: rawPath) }
            if String(validating: rawPath, as: UTF8.self) != nil {
                checkAgainstOracle(raw: rawPath, outcome: normalised)
            }
        }
    }

    /// Whether `bytes` could be given to the normaliser as they are and mean the same thing:
    /// no byte it refuses raw, and `%` only as the `%2F` the normaliser itself writes.
    private static func isRawPath(_ bytes: [UInt8]) -> Bool {
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte <= 0x20 || byte == 0x7F || byte == UInt8(ascii: "?") || byte == UInt8(ascii: "#") { return false }
            if byte == UInt8(ascii: "%") {
                guard index + 2 < bytes.count, bytes[index + 1] == UInt8(ascii: "2"), bytes[index + 2] == UInt8(ascii: "F") else { return false }
                index += 3
                continue
            }
            index += 1
        }
        return true
    }
}
