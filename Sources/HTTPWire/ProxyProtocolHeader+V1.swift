extension ProxyProtocolHeader {
    /// §2.1: `PROXY SP ( TCP4 | TCP6 ) SP src SP dst SP sport SP dport CRLF`, or
    /// `PROXY SP UNKNOWN [ anything ] CRLF`. Exactly one space between fields, addresses in the
    /// family the protocol names (IPv4 without leading zeros), ports 0–65535 without leading
    /// zeros, CRLF within 107 bytes; a lone CR or LF ends nothing and is invalid.
    static func parseV1(_ bytes: UnsafeRawBufferPointer) -> Outcome {
        let window = min(bytes.count, maxV1Bytes)
        var lineEnd: Int?
        for index in v1Prefix.count..<window {
            let byte = bytes[index]
            if byte == ASCII.cr {
                guard index + 1 < bytes.count else { return .needMore(upTo: maxV1Bytes) }
                guard bytes[index + 1] == ASCII.lf else { return .invalid("CR without LF in the v1 line") }
                lineEnd = index
                break
            }
            guard byte != ASCII.lf else { return .invalid("LF without CR in the v1 line") }
        }
        guard let lineEnd, lineEnd + 2 <= maxV1Bytes else {
            return bytes.count >= maxV1Bytes ? .invalid("no CRLF within \(maxV1Bytes) bytes") : .needMore(upTo: maxV1Bytes)
        }
        let consumed = lineEnd + 2
        let line = UnsafeRawBufferPointer(rebasing: bytes[v1Prefix.count..<lineEnd])
        let protocolEnd = line.firstIndex(of: ASCII.space) ?? line.count
        let name = UnsafeRawBufferPointer(rebasing: line[..<protocolEnd])
        if name.elementsEqual("UNKNOWN".utf8) {
            // "the receiver must ignore anything presented before the CRLF is found".
            return .parsed(ProxyProtocolHeader(version: .v1, addresses: nil), consumed: consumed)
        }
        let isIPv6: Bool
        if name.elementsEqual("TCP4".utf8) {
            isIPv6 = false
        } else if name.elementsEqual("TCP6".utf8) {
            isIPv6 = true
        } else {
            return .invalid("unknown v1 protocol (TCP4, TCP6 or UNKNOWN)")
        }
        guard protocolEnd < line.count else { return .invalid("v1 line ends after the protocol") }
        var fields: [UnsafeRawBufferPointer] = []
        fields.reserveCapacity(4)
        var start = protocolEnd + 1
        for index in start...line.count where index == line.count || line[index] == ASCII.space {
            fields.append(UnsafeRawBufferPointer(rebasing: line[start..<index]))
            start = index + 1
        }
        guard fields.count == 4 else { return .invalid("v1 line needs exactly four fields after the protocol") }
        guard let source = v1Address(fields[0], isIPv6: isIPv6), let destination = v1Address(fields[1], isIPv6: isIPv6) else {
            return .invalid(isIPv6 ? "malformed IPv6 address in the v1 line" : "malformed IPv4 address in the v1 line")
        }
        guard let sourcePort = v1Port(fields[2]), let destinationPort = v1Port(fields[3]) else {
            return .invalid("malformed port in the v1 line")
        }
        let addresses = Addresses(
            source: Endpoint(address: source, port: sourcePort), destination: Endpoint(address: destination, port: destinationPort))
        return .parsed(ProxyProtocolHeader(version: .v1, addresses: addresses), consumed: consumed)
    }

    /// An address of the named family: IPv4 dotted quad, or IPv6 text (not an IPv4 dotted quad).
    private static func v1Address(_ field: UnsafeRawBufferPointer, isIPv6: Bool) -> IPAddress? {
        guard !field.isEmpty, field.count <= IPAddress.maxTextBytes else { return nil }
        if isIPv6 { return IPAddress.parseIPv6(field)?.unmapped }
        return IPAddress.parseIPv4(field).map { .v4($0) }
    }

    /// 0–65535 in decimal, without leading zeros (§2.1).
    private static func v1Port(_ field: UnsafeRawBufferPointer) -> UInt16? {
        guard !field.isEmpty, field.count == 1 || field[0] != ASCII.zero,
              let value = ASCII.parseDecimal(field, maxDigits: 5), value <= Int(UInt16.max) else { return nil }
        return UInt16(value)
    }
}
