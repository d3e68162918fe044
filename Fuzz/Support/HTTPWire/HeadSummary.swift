import HTTPWire

/// Everything a parsed request head exposes, as a comparable value (field values as exact
/// bytes, since `HTTPHeaders` strings repair invalid UTF-8).
struct HeadSummary: Equatable {
    /// One field line.
    struct Field: Equatable {
        /// The field name as received.
        let name: String
        /// The value's exact bytes, without surrounding whitespace.
        let value: [UInt8]
    }

    /// The method token.
    let method: String
    /// The request-line version.
    let version: HTTPVersion
    /// The raw request-target.
    let target: [UInt8]
    /// The field lines in order.
    let fields: [Field]
    /// `RequestHead.contentLength`.
    let contentLength: Int?
    /// `RequestHead.isChunked`.
    let isChunked: Bool
    /// `RequestHead.keepAlive`.
    let keepAlive: Bool
    /// `RequestHead.expectsContinue`.
    let expectsContinue: Bool
    /// `RequestHead.host`.
    let host: String?

    /// The summary of a parsed head.
    init(_ head: RequestHead) {
        method = head.method.rawValue
        version = head.version
        target = Array(head.targetBytes)
        fields = head.headers.indices.map { index in
            Field(name: head.headers.name(at: index), value: head.headers.withValueBytes(at: index) { Array($0) })
        }
        contentLength = head.contentLength
        isChunked = head.isChunked
        keepAlive = head.keepAlive
        expectsContinue = head.expectsContinue
        host = head.host
    }

    /// The head written back in canonical form: single spaces, `name: value`, CRLF line endings.
    var serialised: [UInt8] {
        var bytes = Array(method.utf8) + [0x20] + target
        if version == .http09 { return bytes + [0x0D, 0x0A] }
        bytes += [0x20] + Array(version.description.utf8) + [0x0D, 0x0A]
        for field in fields {
            bytes += Array(field.name.utf8) + Array(": ".utf8) + field.value + [0x0D, 0x0A]
        }
        return bytes + [0x0D, 0x0A]
    }
}

/// A `ParseOutcome` as a comparable value.
enum OutcomeSummary: Equatable {
    /// `.needMore`.
    case needMore
    /// `.head`, summarised.
    case head(HeadSummary, consumed: Int)
    /// `.failure`.
    case failure(HTTPParseError)

    /// The summary of an outcome.
    init(_ outcome: ParseOutcome) {
        switch outcome {
        case .needMore: self = .needMore
        case .head(let head, let consumed): self = .head(HeadSummary(head), consumed: consumed)
        case .failure(let error): self = .failure(error)
        }
    }
}
