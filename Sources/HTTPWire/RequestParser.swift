/// An incremental HTTP/0.9, 1.0 and 1.1 request-head parser: a byte-at-a-time state machine
/// (after thttpd's) that scans each byte once and enforces every ``HTTPLimits`` bound as the bytes
/// arrive, so a 9 KiB request line with no line ending yet is already a 414.
///
/// Buffer contract: the caller keeps one append-only buffer per request, starting at the first
/// byte of the request (leading empty lines included), and passes the whole of it to every
/// ``parse(_:)`` call. The parser remembers how far it has scanned and resumes there, so earlier
/// bytes are never rescanned; they must not change between calls (the buffer may move in memory).
/// On `.head(head, consumed:)` the first `consumed` bytes are the head: drop them (or start the
/// next request's buffer after them), call ``reset()``, and parse the next pipelined request.
/// After `.head` or `.failure`, further calls return the same outcome until ``reset()``.
///
/// Accepted syntax (RFC 9112): `method SP request-target SP HTTP-version`, or `GET SP target` for a
/// Simple-Request (RFC 1945 §4.1); line endings CRLF or a lone LF (§2.2); a bare CR anywhere is an
/// error; obs-fold, whitespace before a colon and non-token names are refused (§5.1, §5.2).
public struct RequestParser: Sendable {
    /// Where the state machine is; each case names what the next byte may be.
    private enum State: Sendable {
        case leading, leadingLF
        case method, targetStart, target, version, requestLineLF
        case fieldLineStart, fieldName, valueLeadingWhitespace, value, fieldLineLF, headEndLF
    }

    /// The longest HTTP-version token, `HTTP/1.1`.
    private static let versionLength = 8

    /// The limits in force.
    public let limits: HTTPLimits

    private var state = State.leading
    /// Bytes of the buffer already looked at; the next `parse` call resumes here.
    private var scanned = 0
    /// Empty lines skipped before the request line (RFC 9112 §2.2 allows a few).
    private var emptyLines = 0
    // Offsets into the caller's buffer, each set when the scan passes the place it names.
    /// The first byte of the request line.
    private var headStart = 0
    /// The space after the method.
    private var methodEnd = 0
    /// The request-target's first byte and the space after it.
    private var targetStart = 0, targetEnd = 0
    /// The first byte of `HTTP/1.x`, and the version it spelled.
    private var versionStart = 0
    private var version = HTTPVersion.http11
    /// The first byte after the request line, where the header block begins.
    private var fieldsStart = 0
    /// The field line being read: its first byte, the colon, and its value without surrounding
    /// whitespace.
    private var lineStart = 0, nameEnd = 0
    private var valueStart = 0, valueEnd = 0
    /// The fields read so far, relative to `headStart`.
    private var spans: [HTTPHeaders.FieldSpan] = []
    private var framing = RequestFraming()
    private var finished: ParseOutcome?

    /// A parser for one request at a time, with `limits`.
    public init(limits: HTTPLimits = HTTPLimits()) {
        self.limits = limits
    }

    /// Forgets the current request so the parser can start on the next one. The field spans
    /// are let go (the head just parsed shares them; keeping their capacity would copy them),
    /// so a connection waiting for its next request holds no parse storage.
    public mutating func reset() {
        state = .leading
        scanned = 0
        emptyLines = 0
        spans = []
        framing = RequestFraming()
        finished = nil
    }

    /// Scans the bytes not yet seen. `bytes` is the whole request buffer so far (see the type's
    /// buffer contract); passing fewer bytes than an earlier call is a programming error.
    public mutating func parse(_ bytes: UnsafeRawBufferPointer) -> ParseOutcome {
        if let finished { return finished }
        precondition(bytes.count >= scanned, "RequestParser: the buffer must only grow until reset()")
        guard bytes.count > scanned, let base = bytes.baseAddress else { return .needMore }
        return scan(base, end: bytes.count)
    }

    /// ``parse(_:)`` over an array.
    public mutating func parse(_ bytes: [UInt8]) -> ParseOutcome {
        bytes.withUnsafeBytes { parse($0) }
    }

    private mutating func scan(_ base: UnsafeRawPointer, end: Int) -> ParseOutcome {
        var index = scanned
        defer { scanned = index }
        let maxLine = limits.maxRequestLineBytes
        while index < end {
            let byte = base.load(fromByteOffset: index, as: UInt8.self)
            switch state {
            case .leading:
                if byte == ASCII.lf {
                    if let error = countEmptyLine() { return fail(error) }
                    index += 1
                } else if byte == ASCII.cr {
                    state = .leadingLF
                    index += 1
                } else {
                    headStart = index
                    state = .method
                }

            case .leadingLF:
                guard byte == ASCII.lf else { return fail(.bareCR) }
                if let error = countEmptyLine() { return fail(error) }
                state = .leading
                index += 1

            case .method:
                if byte == ASCII.cr || byte == ASCII.lf { return fail(.invalidRequestLine) }
                guard index - headStart < maxLine else { return fail(.uriTooLong) }
                if ASCII.isTChar(byte) {
                    index += 1
                } else if byte == ASCII.space, index > headStart {
                    methodEnd = index
                    state = .targetStart
                    index += 1
                } else {
                    return fail(index == headStart ? .invalidRequestLine : .invalidMethod)
                }

            case .targetStart:
                if byte == ASCII.cr || byte == ASCII.lf { return fail(.invalidRequestLine) }
                guard index - headStart < maxLine else { return fail(.uriTooLong) }
                guard ASCII.isTargetByte(byte) else { return fail(.invalidRequestLine) }
                targetStart = index
                state = .target

            case .target:
                // RFC 9112 §3.2: the target runs to the next SP; scan it in a tight loop.
                let stop = min(end, headStart + maxLine)
                while index < stop, ASCII.isTargetByte(base.load(fromByteOffset: index, as: UInt8.self)) {
                    index += 1
                }
                if index == end { break }
                let next = base.load(fromByteOffset: index, as: UInt8.self)
                if next == ASCII.cr || next == ASCII.lf {
                    // No version: an HTTP/0.9 Simple-Request (RFC 1945 §4.1), GET only.
                    targetEnd = index
                    guard methodIsGET(base) else { return fail(.invalidSimpleRequest) }
                    version = .http09
                    if let outcome = endRequestLine(base, at: &index, terminator: next) { return outcome }
                } else if index - headStart >= maxLine {
                    return fail(.uriTooLong)
                } else if next == ASCII.space {
                    targetEnd = index
                    index += 1
                    versionStart = index
                    state = .version
                } else {
                    return fail(.invalidRequestTarget)
                }

            case .version:
                if byte == ASCII.cr || byte == ASCII.lf {
                    guard index > versionStart else { return fail(.invalidRequestLine) }
                    guard let parsed = Self.version(base + versionStart, count: index - versionStart) else {
                        return fail(.versionNotSupported)
                    }
                    version = parsed
                    if let outcome = endRequestLine(base, at: &index, terminator: byte) { return outcome }
                } else {
                    guard index - headStart < maxLine else { return fail(.uriTooLong) }
                    guard byte > ASCII.space, byte != ASCII.delete else { return fail(.invalidRequestLine) }
                    guard index - versionStart < Self.versionLength else { return fail(.versionNotSupported) }
                    index += 1
                }

            case .requestLineLF:
                guard byte == ASCII.lf else { return fail(.bareCR) }
                if let outcome = endRequestLine(base, at: &index, terminator: byte) { return outcome }

            case .fieldLineStart:
                if byte == ASCII.cr {
                    state = .headEndLF
                    index += 1
                } else if byte == ASCII.lf {
                    return complete(base, end: index + 1)
                } else {
                    // RFC 9112 §5.2: obs-fold is refused (also whitespace before the first field, §2.2).
                    if ASCII.isWhitespace(byte) { return fail(.obsFold) }
                    guard spans.count < limits.maxHeaderFields else { return fail(.tooManyHeaderFields) }
                    guard index - fieldsStart < limits.maxHeaderBlockBytes else { return fail(.headerFieldsTooLarge) }
                    lineStart = index
                    state = .fieldName
                }

            case .fieldName:
                let limit = fieldsStart + limits.maxHeaderBlockBytes
                let stop = min(end, limit)
                while index < stop, ASCII.isTChar(base.load(fromByteOffset: index, as: UInt8.self)) {
                    index += 1
                }
                if index == end { break }
                guard index < limit else { return fail(.headerFieldsTooLarge) }
                let next = base.load(fromByteOffset: index, as: UInt8.self)
                if next == ASCII.colon {
                    guard index > lineStart else { return fail(.invalidFieldName) }
                    nameEnd = index
                    state = .valueLeadingWhitespace
                    index += 1
                } else if ASCII.isWhitespace(next) {
                    return fail(.whitespaceBeforeColon)
                } else if next == ASCII.cr || next == ASCII.lf {
                    return fail(.missingColon)
                } else {
                    return fail(.invalidFieldName)
                }

            case .valueLeadingWhitespace:
                let limit = fieldsStart + limits.maxHeaderBlockBytes
                let stop = min(end, limit)
                while index < stop, ASCII.isWhitespace(base.load(fromByteOffset: index, as: UInt8.self)) {
                    index += 1
                }
                if index == end { break }
                guard index < limit else { return fail(.headerFieldsTooLarge) }
                valueStart = index
                valueEnd = index
                state = .value

            case .value:
                let limit = fieldsStart + limits.maxHeaderBlockBytes
                let stop = min(end, limit)
                var lastVisibleEnd = valueEnd
                while index < stop {
                    let next = base.load(fromByteOffset: index, as: UInt8.self)
                    if next > ASCII.space && next != ASCII.delete {
                        index += 1
                        lastVisibleEnd = index
                    } else if ASCII.isWhitespace(next) {
                        index += 1
                    } else {
                        break
                    }
                }
                valueEnd = lastVisibleEnd
                if index == end { break }
                guard index < limit else { return fail(.headerFieldsTooLarge) }
                let next = base.load(fromByteOffset: index, as: UInt8.self)
                if next == ASCII.cr {
                    state = .fieldLineLF
                    index += 1
                } else if next == ASCII.lf {
                    index += 1
                    if let error = endField(base) { return fail(error) }
                } else {
                    return fail(.invalidFieldValue)
                }

            case .fieldLineLF:
                guard byte == ASCII.lf else { return fail(.bareCR) }
                guard index - fieldsStart < limits.maxHeaderBlockBytes else { return fail(.headerFieldsTooLarge) }
                index += 1
                if let error = endField(base) { return fail(error) }

            case .headEndLF:
                guard byte == ASCII.lf else { return fail(.bareCR) }
                return complete(base, end: index + 1)
            }
        }
        return .needMore
    }

    /// Counts one skipped empty line before the request line.
    private mutating func countEmptyLine() -> HTTPParseError? {
        emptyLines += 1
        return emptyLines > limits.maxLeadingEmptyLines ? .tooManyLeadingEmptyLines : nil
    }

    /// Handles the CR or LF at `index` that ends the request line. A CR waits for its LF; the LF
    /// either completes an HTTP/0.9 head or starts the field lines.
    private mutating func endRequestLine(_ base: UnsafeRawPointer, at index: inout Int, terminator: UInt8) -> ParseOutcome? {
        index += 1
        if terminator == ASCII.cr {
            state = .requestLineLF
            return nil
        }
        if version == .http09 { return complete(base, end: index) }
        fieldsStart = index
        state = .fieldLineStart
        return nil
    }

    /// Records the field line just ended and applies its framing rules.
    private mutating func endField(_ base: UnsafeRawPointer) -> HTTPParseError? {
        state = .fieldLineStart
        let span = HTTPHeaders.FieldSpan(
            nameStart: lineStart - headStart, nameEnd: nameEnd - headStart,
            valueStart: valueStart - headStart, valueEnd: valueEnd - headStart)
        if spans.capacity == 0 { spans.reserveCapacity(16) }
        spans.append(span)
        let name = UnsafeRawBufferPointer(start: base + lineStart, count: nameEnd - lineStart)
        let value = UnsafeRawBufferPointer(start: base + valueStart, count: valueEnd - valueStart)
        return framing.apply(name: name, value: value, fieldIndex: spans.count - 1, limits: limits)
    }

    /// Builds the head from bytes `headStart ..< end` after the whole-head checks.
    private mutating func complete(_ base: UnsafeRawPointer, end: Int) -> ParseOutcome {
        if let error = framing.finish(version: version) { return fail(error) }
        let length = end - headStart
        let storage = [UInt8](unsafeUninitializedCapacity: length) { buffer, initialized in
            UnsafeMutableRawBufferPointer(buffer).copyMemory(from: UnsafeRawBufferPointer(start: base + headStart, count: length))
            initialized = length
        }
        let method = HTTPMethod(validatedToken: UnsafeRawBufferPointer(start: base + headStart, count: methodEnd - headStart))
        let keepAlive: Bool
        switch version {
        case .http09: keepAlive = false
        case .http10: keepAlive = framing.connectionKeepAlive && !framing.connectionClose
        case .http11: keepAlive = !framing.connectionClose
        }
        let head = RequestHead(
            method: method, version: version, headers: HTTPHeaders(storage: storage, spans: spans),
            contentLength: framing.isChunked ? nil : framing.contentLength,
            isChunked: framing.isChunked, keepAlive: keepAlive,
            expectsContinue: version == .http11 && framing.expectsContinue,
            targetRange: (targetStart - headStart)..<(targetEnd - headStart), hostIndex: framing.hostIndex)
        let outcome = ParseOutcome.head(head, consumed: end)
        finished = outcome
        return outcome
    }

    private mutating func fail(_ error: HTTPParseError) -> ParseOutcome {
        let outcome = ParseOutcome.failure(error)
        finished = outcome
        return outcome
    }

    /// RFC 1945 §4.1: only GET may be a Simple-Request (methods are case-sensitive).
    private func methodIsGET(_ base: UnsafeRawPointer) -> Bool {
        HTTPMethod(validatedToken: UnsafeRawBufferPointer(start: base + headStart, count: methodEnd - headStart)) == .get
    }

    /// RFC 9112 §2.3: `HTTP-version = HTTP-name "/" DIGIT "." DIGIT`, case-sensitive; only 1.0 and 1.1.
    private static func version(_ start: UnsafeRawPointer, count: Int) -> HTTPVersion? {
        guard count == versionLength else { return nil }
        let bytes = UnsafeRawBufferPointer(start: start, count: count)
        let prefix: StaticString = "HTTP/1."
        guard bytes.prefix(7).elementsEqual(UnsafeBufferPointer(start: prefix.utf8Start, count: 7)) else { return nil }
        switch bytes[7] {
        case 0x30: return .http10
        case 0x31: return .http11
        default: return nil
        }
    }
}
