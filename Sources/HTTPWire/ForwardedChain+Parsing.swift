extension ForwardedChain {
    /// One `Forwarded` field line (RFC 7239 §4):
    ///
    ///     Forwarded         = 1#forwarded-element
    ///     forwarded-element = [ forwarded-pair ] *( ";" [ forwarded-pair ] )
    ///     forwarded-pair    = token "=" value        ; value = token / quoted-string
    ///
    /// Each element is one hop and yields one node: its `for=` (parameter names case-insensitive),
    /// `.unknown` when it has pairs but no `for=`, `.malformed` when it is broken or names `for=`
    /// twice (§4: a parameter must not occur more than once per element). Empty elements yield
    /// nothing (RFC 9110 §5.6.1). OWS is allowed around `;` and `,`, not around `=`. An unterminated
    /// quoted string makes the rest of the line unreadable: one `.malformed` node, then stop, so
    /// that whatever follows can never be mistaken for an element a proxy appended.
    static func scanForwarded(_ value: UnsafeRawBufferPointer, into collector: inout Collector) {
        var scanner = ForwardedScanner(value)
        while let element = scanner.nextElement() {
            switch element {
            case .node(let node): collector.append(node)
            case .empty: break
            }
        }
    }

    /// One `X-Forwarded-For` field line: comma-separated nodes (empty elements skipped), each an
    /// IPv4 address, a bare or bracketed IPv6 address, either with a port, or `unknown`.
    static func scanXForwardedFor(_ value: UnsafeRawBufferPointer, into collector: inout Collector) {
        ASCII.forEachListElement(value) { element in
            if !element.isEmpty { collector.append(ForwardedNode(parsing: element, allowsBareIPv6: true)) }
            return true
        }
    }
}

/// A cursor over one `Forwarded` field line, element by element.
private struct ForwardedScanner {
    /// What one element of the list holds.
    enum Element {
        /// A hop, with the node its `for=` names.
        case node(ForwardedNode)
        /// Nothing: an empty list element.
        case empty
    }

    private let bytes: UnsafeRawBufferPointer
    private var index = 0
    private var finished = false
    /// The current pair's value, unescaped (quoted-pair `\x` is `x`), reused across pairs.
    private var value: [UInt8] = []

    /// A cursor at the start of `bytes`.
    init(_ bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
    }

    /// The next element, or nil at the end of the line.
    mutating func nextElement() -> Element? {
        guard !finished else { return nil }
        var node: ForwardedNode?
        var forCount = 0
        var pairs = 0
        var malformed = false
        while true {
            skipWhitespace()
            guard index < bytes.count, bytes[index] != ASCII.comma else { break }
            if bytes[index] == ASCII.semicolon {
                index += 1
                continue
            }
            let nameStart = index
            while index < bytes.count, ASCII.isTChar(bytes[index]) { index += 1 }
            let name = UnsafeRawBufferPointer(rebasing: bytes[nameStart..<index])
            guard !name.isEmpty, index < bytes.count, bytes[index] == ASCII.equals else {
                malformed = true
                break
            }
            index += 1
            guard readValue() else {
                if finished { return .node(.malformed) }  // unterminated quoted string
                malformed = true
                break
            }
            pairs += 1
            if ASCII.equalsIgnoringCase(name, "for") {
                forCount += 1
                node = value.withUnsafeBytes { ForwardedNode(parsing: $0, allowsBareIPv6: false) }
            }
            skipWhitespace()
            guard index == bytes.count || bytes[index] == ASCII.semicolon || bytes[index] == ASCII.comma else {
                malformed = true
                break
            }
        }
        if malformed { skipToComma() }
        if finished { return .node(.malformed) }
        if index >= bytes.count { finished = true } else { index += 1 }  // past the ','
        if malformed || forCount > 1 { return .node(.malformed) }
        if let node { return .node(node) }
        return pairs > 0 ? .node(.unknown) : .empty
    }

    /// Reads a token or quoted-string value into ``value``. False when it is empty or holds a byte
    /// a field value may not; a quoted string is read to its closing quote either way, so that the
    /// cursor stays in step. An unterminated quoted string also sets `finished`.
    private mutating func readValue() -> Bool {
        value.removeAll(keepingCapacity: true)
        guard index < bytes.count, bytes[index] == ASCII.doubleQuote else {
            let start = index
            while index < bytes.count, ASCII.isTChar(bytes[index]) { index += 1 }
            value.append(contentsOf: bytes[start..<index])
            return index > start
        }
        index += 1
        var valid = true
        while index < bytes.count {
            var byte = bytes[index]
            index += 1
            if byte == ASCII.doubleQuote { return valid }
            if byte == 0x5C {  // quoted-pair, RFC 9110 §5.6.4
                guard index < bytes.count else { break }
                byte = bytes[index]
                index += 1
            }
            valid = valid && ASCII.isFieldValueByte(byte)
            value.append(byte)
        }
        finished = true
        return false
    }

    private mutating func skipWhitespace() {
        while index < bytes.count, ASCII.isWhitespace(bytes[index]) { index += 1 }
    }

    /// Moves to the next ',' outside a quoted string (or the end; an unterminated quoted string
    /// ends the line).
    private mutating func skipToComma() {
        var quoted = false
        while index < bytes.count {
            let byte = bytes[index]
            if quoted, byte == 0x5C {
                index += 2
                continue
            }
            if byte == ASCII.doubleQuote { quoted.toggle() }
            if !quoted, byte == ASCII.comma { return }
            index += 1
        }
        if quoted { finished = true }
        index = min(index, bytes.count)
    }
}
