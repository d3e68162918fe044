import HTTPWire

/// libFuzzer entry: the input is the bytes an origin server sent on one connection.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzResponseHead(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    ResponseHeadFuzzTarget.run(UnsafeRawBufferPointer(start: data, count: size))
    return 0
}

/// Fuzzes `ResponseHeadParser`, `ParsedResponseHead.bodyFraming(for:)` and `MessageBodyFramer`
/// on the body that follows.
///
/// Invariants: no crash or trap; parsing the bytes all at once and one byte at a time give the
/// same outcome, and a finished parser repeats it; what tight limits decide other than a limit
/// error, the defaults decide identically; an accepted head is a prefix of the input ending in LF
/// and within the limits, its status 100…999, names tokens, reason and values free of control
/// bytes and edge blanks, and written back canonically it parses to the same head with the same
/// framing; HEAD, 1xx, 204 and 304 have no body; the framer consumes no more than it is given,
/// passes on as wire bytes exactly what it consumed, no more content than wire bytes, and agrees
/// with itself fed byte by byte; pipelined heads (interim responses) parse the same way after
/// `reset()`.
enum ResponseHeadFuzzTarget {
    /// Small bounds so that the fuzzer reaches every limit check with short inputs.
    static let tight = ResponseHeadParser(maxHeadBytes: 96, maxFields: 3)
    /// Small body limits, for the same reason.
    static let bodyLimits = HTTPLimits(maxBodyBytes: 512, maxChunkLineBytes: 24, maxTrailerBytes: 48)
    /// Heads examined per input (interim responses before the final one).
    static let maxPipelined = 8

    /// Checks one input.
    static func run(_ input: UnsafeRawBufferPointer) {
        let whole = parseWhole(input, ResponseHeadParser())
        let stepwise = parseByteByByte(input)
        fuzzCheck(whole == stepwise, "one-shot \(describe(whole)) but byte-by-byte \(describe(stepwise))")

        let strict = parseWhole(input, tight)
        switch strict {
        case .invalid(.headTooLarge), .invalid(.tooManyFields): break
        case .head(let head, let consumed):
            check(head, consumed: consumed, input: input, limits: tight)
            fuzzCheck(strict == whole, "tight limits: \(describe(strict)), defaults: \(describe(whole))")
        case .needMore, .invalid:
            fuzzCheck(strict == whole, "tight limits: \(describe(strict)), defaults: \(describe(whole))")
        }

        var rest = input
        var parser = ResponseHeadParser()
        for _ in 0..<maxPipelined {
            guard case .head(let head, let consumed) = parser.parse(rest) else { return }
            check(head, consumed: consumed, input: rest, limits: parser)
            rest = UnsafeRawBufferPointer(rebasing: rest[consumed...])
            checkBody(after: head, rest)
            parser.reset()
        }
    }

    /// Parses all the bytes in one call (twice: a finished parser must repeat itself).
    static func parseWhole(_ input: UnsafeRawBufferPointer, _ limits: ResponseHeadParser) -> ResponseHeadParser.Outcome {
        var parser = limits
        let first = parser.parse(input)
        let again = parser.parse(input)
        if first != .needMore { fuzzCheck(first == again, "a finished parser changed its answer") }
        return first
    }

    /// Parses growing prefixes of the bytes, one byte more each call, until the outcome is known.
    static func parseByteByByte(_ input: UnsafeRawBufferPointer) -> ResponseHeadParser.Outcome {
        var parser = ResponseHeadParser()
        var outcome = parser.parse(UnsafeRawBufferPointer(rebasing: input[0..<0]))
        var end = 0
        while end < input.count, outcome == .needMore {
            end += 1
            outcome = parser.parse(UnsafeRawBufferPointer(rebasing: input[0..<end]))
        }
        return outcome
    }

    /// What any accepted head must look like, and its canonical round trip.
    static func check(_ head: ParsedResponseHead, consumed: Int, input: UnsafeRawBufferPointer, limits: ResponseHeadParser) {
        fuzzCheck(consumed > 0 && consumed <= input.count && consumed <= limits.maxHeadBytes, "consumed \(consumed) of \(input.count)")
        fuzzCheck(input[consumed - 1] == 0x0A, "a head that does not end with LF")
        fuzzCheck(head.bytes.elementsEqual(input[..<consumed]), "the head's bytes are not the input's")
        fuzzCheck(head.bytes.starts(with: Array("HTTP/1.".utf8)), "status line \(fuzzShow(head.bytes.prefix(12)))")
        fuzzCheck(head.version == .http10 || head.version == .http11, "version \(head.version)")
        fuzzCheck((100...999).contains(head.status), "status \(head.status)")
        fuzzCheck(head.fields.count <= limits.maxFields, "\(head.fields.count) fields accepted")
        fuzzCheck(head.reason.upperBound <= head.bytes.count && head.bytes[head.reason].allSatisfy(isValueByte), "reason \(fuzzShow(head.bytes[head.reason]))")
        var previousEnd = head.reason.upperBound
        for field in head.fields {
            fuzzCheck(field.name.lowerBound >= previousEnd && field.value.upperBound <= head.bytes.count, "field ranges out of order")
            let name = head.bytes[field.name]
            let value = head.bytes[field.value]
            fuzzCheck(!name.isEmpty && HTTPMethod(rawValue: String(decoding: name, as: UTF8.self)) != nil, "field name \(fuzzShow(name)) is not a token")
            fuzzCheck(value.allSatisfy(isValueByte), "field value \(fuzzShow(value))")
            fuzzCheck(value.first.map { $0 != 0x20 && $0 != 0x09 } ?? true, "field value \(fuzzShow(value)) has a leading blank")
            fuzzCheck(value.last.map { $0 != 0x20 && $0 != 0x09 } ?? true, "field value \(fuzzShow(value)) has a trailing blank")
            previousEnd = field.value.upperBound
        }

        let framing = head.bodyFraming(for: .get)
        fuzzCheck(head.bodyFraming(for: .head) == .success(.none), "a response to HEAD with a body")
        if head.isInterim || head.status == 204 || head.status == 304 {
            fuzzCheck(framing == .success(.none), "status \(head.status) with a body: \(framing)")
        }
        if case .success(.length(let n)) = framing { fuzzCheck(n >= 0, "negative length \(n)") }

        // Written back canonically (`name: value`, CRLF), the head parses to the same head.
        let canonical = serialise(head)
        var parser = ResponseHeadParser(maxHeadBytes: 1 << 20, maxFields: limits.maxFields)
        guard case .head(let again, let length) = parser.parse(canonical), length == canonical.count else {
            fuzzCheck(false, "\(fuzzShow(canonical)) (the head written back) did not parse whole")
            return
        }
        fuzzCheck(again.version == head.version && again.status == head.status && again.bytes[again.reason] == head.bytes[head.reason],
                  "status line changed in the round trip")
        fuzzCheck(again.fields.count == head.fields.count, "field count changed in the round trip")
        for (a, b) in zip(again.fields, head.fields) {
            fuzzCheck(again.bytes[a.name] == head.bytes[b.name] && again.bytes[a.value] == head.bytes[b.value], "a field changed in the round trip")
        }
        fuzzCheck(again.bodyFraming(for: .get) == framing, "framing changed in the round trip")
    }

    /// The head as a well-behaved origin would write it.
    static func serialise(_ head: ParsedResponseHead) -> [UInt8] {
        var out = Array((head.version == .http10 ? "HTTP/1.0 " : "HTTP/1.1 ").utf8)
        out += String(head.status).utf8
        out.append(0x20)
        out += head.bytes[head.reason]
        out += [0x0D, 0x0A]
        for field in head.fields {
            out += head.bytes[field.name]
            out += Array(": ".utf8)
            out += head.bytes[field.value]
            out += [0x0D, 0x0A]
        }
        return out + [0x0D, 0x0A]
    }

    /// Frames the bytes after `head` as its body, both ways, whole and byte by byte.
    static func checkBody(after head: ParsedResponseHead, _ rest: UnsafeRawBufferPointer) {
        guard case .success(let framing) = head.bodyFraming(for: .get) else { return }
        let wire = frame(rest, framing, .wire, pieceSize: rest.count)
        let content = frame(rest, framing, .content, pieceSize: rest.count)
        fuzzCheck(wire.consumed <= rest.count, "consumed \(wire.consumed) of \(rest.count)")
        fuzzCheck(wire.end == content.end && wire.consumed == content.consumed, "wire \(wire.end) but content \(content.end)")
        guard !wire.end.hasPrefix("failed") else {
            fuzzCheck(frame(rest, framing, .wire, pieceSize: 1).end == wire.end, "\(wire.end) whole but not byte by byte")
            return
        }
        fuzzCheck(wire.out.elementsEqual(rest[..<wire.consumed]), "wire bytes are not the bytes consumed")
        fuzzCheck(content.out.count <= wire.out.count && content.out.count <= bodyLimits.maxBodyBytes, "more content than wire bytes")
        if case .length = framing { fuzzCheck(content.out == wire.out, "a length body changed") }
        for emission in [MessageBodyFramer.Emission.wire, .content] {
            let whole = emission == .wire ? wire : content
            let stepwise = frame(rest, framing, emission, pieceSize: 1)
            fuzzCheck(stepwise.end == whole.end && stepwise.consumed == whole.consumed && stepwise.out == whole.out,
                      "\(emission) byte by byte: \(stepwise.end) after \(stepwise.consumed), whole: \(whole.end) after \(whole.consumed)")
        }
    }

    /// Feeds `input` in pieces of `pieceSize`; how the body ended, the bytes it consumed and
    /// what it passed on.
    static func frame(_ input: UnsafeRawBufferPointer, _ framing: BodyFraming, _ emission: MessageBodyFramer.Emission,
                      pieceSize: Int) -> (end: String, consumed: Int, out: [UInt8]) {
        var framer = MessageBodyFramer(framing, emitting: emission, limits: bodyLimits)
        var out: [UInt8] = []
        var offset = 0
        repeat {
            let piece = UnsafeRawBufferPointer(rebasing: input[offset..<min(input.count, offset + max(1, pieceSize))])
            switch framer.consume(piece, { out += $0 }) {
            case .more:
                offset += piece.count
            case .done(let consumed):
                fuzzCheck(consumed <= piece.count && framer.isComplete, "done after \(consumed) of \(piece.count)")
                return ("done", offset + consumed, out)
            case .failed(let error):
                return ("failed \(error)", offset, out)
            }
        } while offset < input.count
        return (framer.isComplete ? "done" : "more", offset, out)
    }

    /// field-vchar, SP, HTAB and obs-text (RFC 9110 §5.5).
    static func isValueByte(_ byte: UInt8) -> Bool {
        byte == 0x09 || (byte >= 0x20 && byte != 0x7F)
    }

    /// An outcome for a message (the head's bytes shown escaped).
    static func describe(_ outcome: ResponseHeadParser.Outcome) -> String {
        switch outcome {
        case .needMore: "needMore"
        case .head(let head, let consumed): "head \(fuzzShow(head.bytes)) (\(consumed))"
        case .invalid(let error): "invalid(\(error))"
        }
    }
}
