import HTTPWire

/// libFuzzer entry: the input is the bytes a client sent on one connection.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRequestHead(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    RequestHeadFuzzTarget.run(UnsafeRawBufferPointer(start: data, count: size))
    return 0
}

/// Fuzzes `RequestParser` (and `RequestHead.normalisedTarget()` on what it accepts).
///
/// Invariants: no crash or trap; parsing the bytes all at once and one byte at a time give the
/// same outcome; whatever tight limits accept, the defaults accept identically; an accepted head
/// respects every limit and the syntax rules, and written back canonically it parses to the same
/// head; pipelined heads after the first parse the same way after `reset()`.
enum RequestHeadFuzzTarget {
    /// Small limits so that the fuzzer reaches every limit check with short inputs.
    static let tight = HTTPLimits(
        maxRequestLineBytes: 64, maxHeaderBlockBytes: 256, maxHeaderFields: 4, maxLeadingEmptyLines: 1,
        maxBodyBytes: 1_000)
    /// Pipelined requests examined per input.
    static let maxPipelined = 8

    /// Checks one input.
    static func run(_ input: UnsafeRawBufferPointer) {
        let defaults = HTTPLimits()
        let whole = OutcomeSummary(parseWhole(input, limits: defaults))
        let stepwise = parseByteByByte(input, limits: defaults)
        fuzzCheck(whole == stepwise, "one-shot \(whole) but byte-by-byte \(stepwise)")

        let strict = parseWhole(input, limits: tight)
        if case .head(let head, let consumed) = strict {
            check(head, consumed: consumed, input: input, limits: tight)
            fuzzCheck(OutcomeSummary(strict) == whole, "accepted under tight limits as \(OutcomeSummary(strict)), under the defaults as \(whole)")
        }

        var rest = input
        var parser = RequestParser(limits: defaults)
        for _ in 0..<maxPipelined {
            guard case .head(let head, let consumed) = parser.parse(rest) else { return }
            check(head, consumed: consumed, input: rest, limits: defaults)
            rest = UnsafeRawBufferPointer(rebasing: rest[consumed...])
            parser.reset()
        }
    }

    /// Parses all the bytes in one call (twice: a finished parser must repeat itself).
    static func parseWhole(_ input: UnsafeRawBufferPointer, limits: HTTPLimits) -> ParseOutcome {
        var parser = RequestParser(limits: limits)
        let first = parser.parse(input)
        // After a head or a failure the parser must keep answering the same until reset().
        let again = parser.parse(input)
        switch first {
        case .needMore: break
        case .head, .failure:
            fuzzCheck(OutcomeSummary(first) == OutcomeSummary(again), "a finished parser changed its answer")
        }
        return first
    }

    /// Parses growing prefixes of the bytes, one byte more each call, until the outcome is known.
    static func parseByteByByte(_ input: UnsafeRawBufferPointer, limits: HTTPLimits) -> OutcomeSummary {
        var parser = RequestParser(limits: limits)
        var outcome = OutcomeSummary(parser.parse(UnsafeRawBufferPointer(rebasing: input[0..<0])))
        var end = 0
        while end < input.count, outcome == .needMore {
            end += 1
            outcome = OutcomeSummary(parser.parse(UnsafeRawBufferPointer(rebasing: input[0..<end])))
        }
        return outcome
    }

    /// What any accepted head must look like, and its canonical round trip.
    static func check(_ head: RequestHead, consumed: Int, input: UnsafeRawBufferPointer, limits: HTTPLimits) {
        let summary = HeadSummary(head)
        fuzzCheck(consumed > 0 && consumed <= input.count, "consumed \(consumed) of \(input.count)")
        fuzzCheck(input[consumed - 1] == 0x0A, "a head that does not end with LF")
        fuzzCheck(HTTPMethod(rawValue: summary.method) != nil, "method \(fuzzShow(summary.method)) is not a token")
        fuzzCheck(!summary.target.isEmpty && summary.target.allSatisfy { $0 > 0x20 && $0 != 0x7F }, "target \(fuzzShow(summary.target))")
        let requestLine = summary.method.utf8.count + 1 + summary.target.count + (summary.version == .http09 ? 0 : 9)
        fuzzCheck(requestLine <= limits.maxRequestLineBytes, "request line of \(requestLine) bytes accepted")
        fuzzCheck(summary.fields.count <= limits.maxHeaderFields, "\(summary.fields.count) fields accepted")
        let fieldBytes = summary.fields.reduce(0) { $0 + $1.name.utf8.count + 1 + $1.value.count + 1 }
        fuzzCheck(fieldBytes <= limits.maxHeaderBlockBytes, "\(fieldBytes) bytes of fields accepted")
        for field in summary.fields {
            fuzzCheck(HTTPMethod(rawValue: field.name) != nil, "field name \(fuzzShow(field.name)) is not a token")
            fuzzCheck(field.value.allSatisfy { ($0 >= 0x20 && $0 != 0x7F) || $0 == 0x09 }, "field value \(fuzzShow(field.value))")
            fuzzCheck(field.value.first.map { $0 != 0x20 && $0 != 0x09 } ?? true, "field value \(fuzzShow(field.value)) has leading whitespace")
            fuzzCheck(field.value.last.map { $0 != 0x20 && $0 != 0x09 } ?? true, "field value \(fuzzShow(field.value)) has trailing whitespace")
        }
        switch summary.version {
        case .http09:
            fuzzCheck(summary.method == "GET" && summary.fields.isEmpty && !summary.keepAlive, "bad HTTP/0.9 head")
        case .http10:
            fuzzCheck(!summary.isChunked && !summary.expectsContinue, "HTTP/1.0 head with chunked or 100-continue")
        case .http11:
            fuzzCheck(summary.host != nil, "HTTP/1.1 head without Host")
        }
        fuzzCheck(!(summary.isChunked && summary.contentLength != nil), "chunked with a Content-Length")
        fuzzCheck((summary.contentLength ?? 0) <= limits.maxBodyBytes && (summary.contentLength ?? 0) >= 0, "Content-Length \(String(describing: summary.contentLength))")
        fuzzCheck(head.hasBody == (summary.isChunked || (summary.contentLength ?? 0) > 0), "hasBody")
        if let host = summary.host {
            let firstHost = summary.fields.first { $0.name.lowercased() == "host" }
            fuzzCheck(firstHost.map { String(decoding: $0.value, as: UTF8.self) } == host, "host \(fuzzShow(host))")
        }

        // Written back canonically, the head parses to the same head. (`name: value` may be a
        // byte longer per field than what was received, hence the larger field-block limit.)
        let serialised = summary.serialised
        var parser = RequestParser(limits: HTTPLimits(maxHeaderBlockBytes: 1 << 20))
        let again = OutcomeSummary(parser.parse(serialised))
        fuzzCheck(again == .head(summary, consumed: serialised.count),
                  "\(fuzzShow(serialised)) (the head written back) parsed as \(again), expected \(summary)")

        let method = head.method
        let target = summary.target
        let normalised = Result { () throws(HTTPParseError) -> RequestTarget in try head.normalisedTarget() }
        let direct = target.withUnsafeBytes { bytes in
            Result { () throws(HTTPParseError) -> RequestTarget in try RequestTarget(parsing: bytes, method: method) }
        }
        fuzzCheck(normalised == direct, "normalisedTarget() \(normalised) but RequestTarget(parsing:) \(direct)")
        if case .success(let parsed) = normalised { TargetInvariants.check(parsed, method: method, raw: target) }
    }
}
