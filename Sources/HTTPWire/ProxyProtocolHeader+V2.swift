extension ProxyProtocolHeader {
    /// §2.2: signature, `ver_cmd` (version 2; LOCAL or PROXY), `fam` (family and transport), a
    /// 16-bit length, the address block, then TLVs up to the length.
    ///
    /// - LOCAL: the block is skipped whatever it holds; the real connection's endpoints apply.
    /// - PROXY over TCP/IPv4 (`0x11`) or TCP/IPv6 (`0x21`): the addresses are read, and the TLVs
    ///   after them must tile the rest exactly (each a type byte, a 16-bit length and that many
    ///   bytes); their contents are skipped.
    /// - PROXY with `UNSPEC` (`0x00`), UDP (`0x12`, `0x22`) or UNIX sockets (`0x31`, `0x32`): valid,
    ///   but no address Gatehouse can use; like `UNSPEC`, the block is skipped (§2.2 lets a receiver
    ///   fall back to `UNSPEC` for valid combinations it does not support).
    /// - Any other version, command or family/transport byte: invalid (§2.2: "must be rejected").
    static func parseV2(_ bytes: UnsafeRawBufferPointer) -> Outcome {
        let versionCommand = bytes[12]
        guard versionCommand >> 4 == 2 else { return .invalid("v2 header with version \(versionCommand >> 4)") }
        let command = versionCommand & 0x0F
        guard command <= 1 else { return .invalid("v2 header with unknown command \(command)") }
        let familyTransport = bytes[13]
        // An address family we take addresses from, one we skip, or garbage (rejected at once,
        // before waiting for the rest of the header).
        let addressBytes: Int?
        switch (command, familyTransport) {
        case (0, _): addressBytes = nil  // LOCAL: "discard the protocol block including the family"
        case (_, 0x11): addressBytes = 4
        case (_, 0x21): addressBytes = 16
        case (_, 0x00), (_, 0x12), (_, 0x22), (_, 0x31), (_, 0x32): addressBytes = nil
        default: return .invalid("v2 header with unknown family/transport 0x\(String(familyTransport, radix: 16))")
        }
        let length = Int(bytes[14]) << 8 | Int(bytes[15])
        let total = v2FixedBytes + length
        if let addressBytes, length < 2 * addressBytes + 4 { return .invalid("v2 length shorter than its addresses") }
        guard bytes.count >= total else { return .needMore(upTo: total) }
        guard let addressBytes else {
            return .parsed(ProxyProtocolHeader(version: .v2, addresses: nil), consumed: total)
        }
        let block = UnsafeRawBufferPointer(rebasing: bytes[v2FixedBytes..<total])
        let blockBytes = 2 * addressBytes + 4
        guard tlvsTile(UnsafeRawBufferPointer(rebasing: block[blockBytes...])) else {
            return .invalid("v2 TLVs do not fit the header length")
        }
        // Both addresses come from bytes of the right count, so the initialisers cannot fail.
        guard let source = IPAddress(bytes: block[0..<addressBytes]),
              let destination = IPAddress(bytes: block[addressBytes..<(2 * addressBytes)]) else {
            return .invalid("v2 address block unreadable")
        }
        let ports = 2 * addressBytes
        let sourcePort = UInt16(block[ports]) << 8 | UInt16(block[ports + 1])
        let destinationPort = UInt16(block[ports + 2]) << 8 | UInt16(block[ports + 3])
        let addresses = Addresses(
            source: Endpoint(address: source.unmapped, port: sourcePort),
            destination: Endpoint(address: destination.unmapped, port: destinationPort))
        return .parsed(ProxyProtocolHeader(version: .v2, addresses: addresses), consumed: total)
    }

    /// The total header length a v2 prefix announces (16 plus its length field), once the fixed
    /// 16 bytes are there and carry the v2 signature; nil otherwise. Lets a caller peek exactly.
    public static func v2HeaderLength(_ prefix: UnsafeRawBufferPointer) -> Int? {
        guard prefix.count >= v2FixedBytes, prefix.starts(with: v2Signature) else { return nil }
        return v2FixedBytes + (Int(prefix[14]) << 8 | Int(prefix[15]))
    }

    /// Whether `tlvs` is a whole number of `type, length_hi, length_lo, value[length]` vectors.
    private static func tlvsTile(_ tlvs: UnsafeRawBufferPointer) -> Bool {
        var index = 0
        while index < tlvs.count {
            guard tlvs.count - index >= 3 else { return false }
            let length = Int(tlvs[index + 1]) << 8 | Int(tlvs[index + 2])
            index += 3
            guard tlvs.count - index >= length else { return false }
            index += length
        }
        return true
    }
}
