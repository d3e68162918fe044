@testable import HTTPWire

/// The observable facts of a parsed head, comparable across parsing strategies.
struct HeadSummary: Equatable, CustomStringConvertible {
    var method: String
    var target: String
    var version: HTTPVersion
    var fields: [HTTPField]
    var contentLength: Int?
    var isChunked: Bool
    var keepAlive: Bool
    var host: String?
    var expectsContinue: Bool
    var consumed: Int

    init(_ head: RequestHead, consumed: Int) {
        method = head.method.rawValue
        target = head.target
        version = head.version
        fields = Array(head.headers)
        contentLength = head.contentLength
        isChunked = head.isChunked
        keepAlive = head.keepAlive
        host = head.host
        expectsContinue = head.expectsContinue
        self.consumed = consumed
    }

    var description: String { "\(method) \(target) \(version) \(fields) consumed \(consumed)" }
}

/// A parse outcome reduced to something `#expect` can compare.
enum Parsed: Equatable {
    case needMore
    case head(HeadSummary)
    case failure(HTTPParseError)

    init(_ outcome: ParseOutcome) {
        switch outcome {
        case .needMore: self = .needMore
        case .head(let head, let consumed): self = .head(HeadSummary(head, consumed: consumed))
        case .failure(let error): self = .failure(error)
        }
    }

    var error: HTTPParseError? {
        if case .failure(let error) = self { return error }
        return nil
    }

    var summary: HeadSummary? {
        if case .head(let summary) = self { return summary }
        return nil
    }
}

func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

/// Parses the whole text in one call.
func parseWhole(_ text: String, limits: HTTPLimits = HTTPLimits()) -> Parsed {
    parseWhole(bytes(text), limits: limits)
}

func parseWhole(_ input: [UInt8], limits: HTTPLimits = HTTPLimits()) -> Parsed {
    var parser = RequestParser(limits: limits)
    return Parsed(parser.parse(input))
}

/// Parses by growing the buffer one byte per call, as a server would append reads; stops at the
/// first outcome other than `.needMore`.
func parseByteByByte(_ input: [UInt8], limits: HTTPLimits = HTTPLimits()) -> Parsed {
    var parser = RequestParser(limits: limits)
    var buffer: [UInt8] = []
    for byte in input {
        buffer.append(byte)
        let outcome = Parsed(parser.parse(buffer))
        if outcome != .needMore { return outcome }
    }
    return .needMore
}

/// The head parsed from `text`, or nil.
func head(_ text: String, limits: HTTPLimits = HTTPLimits()) -> RequestHead? {
    var parser = RequestParser(limits: limits)
    if case .head(let head, _) = parser.parse(bytes(text)) { return head }
    return nil
}
