import HTTPWire

/// A deliberately naive second implementation of the origin-form path rules documented on
/// `NormalisedPath` (split on `/`, decode each segment, then RFC 3986 §5.2.4 dot-segment removal
/// with a stack, refusing to climb above `/`), used as a differential oracle: the one-pass,
/// in-place normaliser must agree with it on every input, result and error alike.
enum PathOracle {
    /// What the rules make of `raw`: the decoded path and whether it ends with `/`, or the error.
    static func normalise(_ raw: [UInt8]) -> Result<(path: [UInt8], endsWithSlash: Bool), HTTPParseError> {
        guard raw.first == slash else { return .failure(.pathNotAbsolute) }
        let parts = raw.dropFirst().split(separator: slash, omittingEmptySubsequences: false)
        var stack: [[UInt8]] = []
        var endsWithSlash = false
        for (index, part) in parts.enumerated() {
            let isLast = index == parts.count - 1
            let decoded: [UInt8]
            switch decode(Array(part)) {
            case .success(let bytes): decoded = bytes
            case .failure(let error): return .failure(error)
            }
            if decoded == [dot] || decoded == [dot, dot] {
                if decoded.count == 2 {
                    guard !stack.isEmpty else { return .failure(.pathAboveRoot) }
                    stack.removeLast()
                }
                // A final `.` or `..` leaves the directory it names, with its slash.
                if isLast {
                    stack.append([])
                    endsWithSlash = true
                }
            } else {
                stack.append(decoded)
                if isLast { endsWithSlash = decoded.isEmpty }
            }
        }
        let path = [slash] + Array(stack.joined(separator: [slash]))
        guard String(validating: path, as: UTF8.self) != nil else { return .failure(.invalidUTF8Path) }
        return .success((path, endsWithSlash))
    }

    /// Decodes one segment: `%XX` becomes the byte, except `/`, which stays as the text `%2F`.
    private static func decode(_ segment: [UInt8]) -> Result<[UInt8], HTTPParseError> {
        var output: [UInt8] = []
        var index = 0
        while index < segment.count {
            let byte = segment[index]
            if byte == percent {
                guard index + 2 < segment.count, let high = hex(segment[index + 1]), let low = hex(segment[index + 2]) else {
                    return .failure(.invalidPercentEncoding)
                }
                let value = high * 16 + low
                if value == slash {
                    output += Array("%2F".utf8)
                } else if value < 0x20 || value == 0x7F {
                    return .failure(.forbiddenPathByte)
                } else {
                    output.append(value)
                }
                index += 3
            } else if byte <= 0x20 || byte == 0x7F || byte == UInt8(ascii: "?") || byte == UInt8(ascii: "#") {
                return .failure(.invalidRequestTarget)
            } else {
                output.append(byte)
                index += 1
            }
        }
        return .success(output)
    }

    private static func hex(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    private static let slash = UInt8(ascii: "/")
    private static let dot = UInt8(ascii: ".")
    private static let percent = UInt8(ascii: "%")
}
