extension RuleFileParser {
    /// Fields `AddHeader` may not set: the server writes them itself (framing, the Gate's
    /// challenges, validators, redirects), and a second copy would break the response.
    static let reservedResponseFields: Set<String> = [
        "content-length", "content-range", "content-encoding", "content-type", "transfer-encoding", "connection",
        "keep-alive", "upgrade", "te", "trailer", "date", "server", "www-authenticate", "proxy-authenticate",
        "location", "etag", "last-modified", "allow", "retry-after", "accept-ranges",
    ]

    /// Statuses `ErrorDocument` may replace the page of.
    static let errorDocumentStatuses = 400...599

    /// Parses one of the deployment directives `ServerSettings` holds; false when `name` is not one.
    mutating func serverDirective(_ name: String, _ first: String, _ args: [String], line: Int) -> Bool {
        switch name {
        case "tlslisten":
            guard args.count == 1 else { usage(line, "TLSListen HOST:PORT"); return true }
            settings.tlsListen.append(.init(args[0], line: line))
        case "tlscertificate", "tlscertificatekey":
            guard args.count == 1 else { usage(line, "\(first) PATH"); return true }
            let value = ServerSettings.Sourced(PathResolution.resolve(args[0], relativeTo: path), line: line)
            if name == "tlscertificate" { settings.tlsCertificate = value } else { settings.tlsCertificateKey = value }
        case "redirecttotls", "requiretlsforauth", "proxyprotocol", "compression":
            guard args.count == 1, let on = RuleFileParser.boolean(args[0]) else { usage(line, "\(first) On|Off"); return true }
            switch name {
            case "redirecttotls": settings.redirectToTLS = on
            case "requiretlsforauth": settings.requireTLSForAuth = on
            case "proxyprotocol": settings.proxyProtocol = on
            default: settings.compression = on
            }
        case "stricttransportsecurity":
            guard !args.isEmpty, args.joined(separator: " ").lowercased().contains("max-age=") else {
                usage(line, "StrictTransportSecurity max-age=SECONDS[; includeSubDomains]")
                return true
            }
            settings.strictTransportSecurity = args.joined(separator: " ")
        case "plainauthfrom":
            guard !args.isEmpty else { usage(line, "PlainAuthFrom ADDRESS|CIDR… or PlainAuthFrom None"); return true }
            if !sawPlainAuthFrom { settings.plainAuthFrom = [] }
            sawPlainAuthFrom = true
            if args.count == 1, args[0].lowercased() == "none" { return true }
            settings.plainAuthFrom += numericTemplates(args, directive: first, line: line)
        case "trustedproxy":
            guard !args.isEmpty else { usage(line, "TrustedProxy ADDRESS|CIDR…"); return true }
            settings.trustedProxies += numericTemplates(args, directive: first, line: line)
        case "trustedproxyheader":
            guard args.count == 1, let header = ServerSettings.ForwardingHeader(rawValue: args[0].lowercased()) else {
                usage(line, "TrustedProxyHeader Forwarded|X-Forwarded-For|Either")
                return true
            }
            settings.trustedProxyHeader = header
        case "userid", "groupid":
            guard args.count == 1, RuleFileParser.isAccountName(args[0]) else { usage(line, "\(first) NAME|NUMBER"); return true }
            if name == "userid" { settings.userId = .init(args[0], line: line) } else { settings.groupId = .init(args[0], line: line) }
        case "logformat":
            guard args.count == 1, let format = ServerSettings.LogFormat(rawValue: args[0].lowercased()) else {
                usage(line, "LogFormat common|combined|json")
                return true
            }
            settings.logFormat = format
        case "logtime":
            guard args.count == 1, let time = ServerSettings.LogTime(rawValue: args[0].lowercased()) else {
                usage(line, "LogTime local|utc")
                return true
            }
            settings.logTime = time
        case "addheader":
            addHeader(args, line: line)
        case "errordocument":
            guard args.count == 2, let status = Int(args[0]), RuleFileParser.errorDocumentStatuses.contains(status) else {
                usage(line, "ErrorDocument STATUS PATH (STATUS from 400 to 599)")
                return true
            }
            settings.errorDocuments[status] = .init(PathResolution.resolve(args[1], relativeTo: path), line: line)
        case "compressiontypes":
            guard !args.isEmpty, args.allSatisfy({ $0.contains("/") && !$0.contains(";") }) else {
                usage(line, "CompressionTypes TYPE/SUBTYPE…")
                return true
            }
            if !sawCompressionTypes { settings.compressionTypes = [] }
            sawCompressionTypes = true
            settings.compressionTypes += args.map { $0.lowercased() }
        default:
            return false
        }
        return true
    }

    /// `AddHeader TEMPLATE Name: value…` (the value is the rest of the line).
    private mutating func addHeader(_ args: [String], line: Int) {
        guard args.count >= 3, args[1].hasSuffix(":") else { return usage(line, "AddHeader TEMPLATE Name: value") }
        let name = String(args[1].dropLast())
        guard !name.isEmpty, name.utf8.allSatisfy(RuleFileParser.isTokenByte) else {
            return log.error(line, "AddHeader: '\(name)' is not a header field name")
        }
        guard !RuleFileParser.reservedResponseFields.contains(name.lowercased()) else {
            return log.error(line, "AddHeader cannot set \(name): the server writes that field itself")
        }
        let value = args[2...].joined(separator: " ")
        guard value.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value != 0x7f }) else {
            return log.error(line, "AddHeader: the value of \(name) holds a control character")
        }
        settings.addHeaders.append(.init(template: RuleTemplate(args[0]), name: name, value: value, line: line))
    }

    /// Numeric address templates (CIDR, bracketed IPv6, CERN octets); host names are refused:
    /// these lists are matched against peers, which have no confirmed name.
    private mutating func numericTemplates(_ args: [String], directive: String, line: Int) -> [AddressTemplate] {
        var templates: [AddressTemplate] = []
        for arg in args {
            switch AddressTemplate.parse(arg) {
            case .success(.hostName):
                log.error(line, "\(directive): '\(arg)' is a host name; give an address or a network (10.0.0.0/8, [::1])")
            case .success(let template):
                templates.append(template)
            case .failure(let error):
                log.error(line, "\(directive): \(error.message)")
            }
        }
        return templates
    }

    /// A user or group name as `/etc/passwd` allows, or a number.
    static func isAccountName(_ word: String) -> Bool {
        !word.isEmpty && word.utf8.count <= 64
            && word.utf8.allSatisfy { ASCIIClass.isAlphanumeric($0) || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: ".") }
    }

    /// RFC 9110 §5.6.2 `tchar`.
    static func isTokenByte(_ byte: UInt8) -> Bool {
        ASCIIClass.isAlphanumeric(byte) || "!#$%&'*+-.^_`|~".utf8.contains(byte)
    }
}

/// Byte classes for directive values (Protection does not depend on HTTPWire's ASCII tables).
enum ASCIIClass {
    /// `A-Z a-z 0-9`.
    static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (0x30...0x39).contains(byte) || (0x41...0x5a).contains(byte) || (0x61...0x7a).contains(byte)
    }
}
