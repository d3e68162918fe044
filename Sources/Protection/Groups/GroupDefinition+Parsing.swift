extension GroupDefinition {
    /// Parses group-definition syntax (reference §4):
    /// `item {, item}`, item := `user_part [@ address_part] | @ address_part`,
    /// user_part := `NAME | ( NAME {, NAME} )`, address_part := `TEMPLATE | ( TEMPLATE {, TEMPLATE} )`.
    /// Continuation lines are already joined by the caller. The error says what was expected.
    public init(parsing text: String) throws(GroupSyntaxError) {
        var lexer = GroupLexer(text)
        var items: [GroupItem] = []
        repeat {
            items.append(try GroupDefinition.parseItem(&lexer))
        } while try lexer.consumeComma()
        if let extra = lexer.peek() {
            throw GroupSyntaxError("unexpected '\(extra)' after the definition; expected ',' or end of line")
        }
        self.init(items: items)
    }

    private static func parseItem(_ lexer: inout GroupLexer) throws(GroupSyntaxError) -> GroupItem {
        var names: [String] = []
        var addresses: [AddressTemplate] = []
        switch lexer.peek() {
        case nil: throw GroupSyntaxError("expected a user, group or @address, found end of line")
        case .at: break
        case .open: names = try parseList(&lexer, what: "name") { (name: String) throws(GroupSyntaxError) in try checkName(name) }
        case .word(let w): lexer.advance(); names = [try checkName(w)]
        case .some(let other): throw GroupSyntaxError("expected a user, group or @address, found '\(other)'")
        }
        if lexer.peek() == .at {
            lexer.advance()
            addresses = try parseList(&lexer, what: "address template") { text throws(GroupSyntaxError) in
                switch AddressTemplate.parse(text) {
                case .success(let t): return t
                case .failure(let e): throw GroupSyntaxError(e.message)
                }
            }
        }
        return GroupItem(names: names, addresses: addresses)
    }

    private static func parseList<T>(_ lexer: inout GroupLexer, what: String, _ make: (String) throws(GroupSyntaxError) -> T) throws(GroupSyntaxError) -> [T] {
        switch lexer.peek() {
        case .word(let w):
            lexer.advance()
            return [try make(w)]
        case .open:
            lexer.advance()
            var values: [T] = []
            repeat {
                guard case .word(let w) = lexer.peek() else {
                    throw GroupSyntaxError("expected a \(what) inside '( … )'")
                }
                lexer.advance()
                values.append(try make(w))
            } while try lexer.consumeComma()
            guard lexer.peek() == .close else { throw GroupSyntaxError("expected ')' to close the list") }
            lexer.advance()
            return values
        default:
            throw GroupSyntaxError("expected a \(what) or '(' after '@'")
        }
    }

    private static func checkName(_ name: String) throws(GroupSyntaxError) -> String {
        if name.containsASCII("*") { throw GroupSyntaxError("'\(name)': a user or group name cannot contain '*'") }
        return name
    }
}

/// Why a group definition could not be read.
public struct GroupSyntaxError: Error, Sendable, Hashable {
    /// What was expected or wrong.
    public let message: String
    init(_ message: String) { self.message = message }
}

/// Tokens of group-definition syntax: separators `,` `(` `)` `@` `:` and words; `[ … ]` is one word
/// so IPv6 templates may contain `:`.
struct GroupLexer {
    enum Token: Equatable, CustomStringConvertible {
        case word(String), comma, open, close, at, colon
        var description: String {
            switch self {
            case .word(let w): return w
            case .comma: return ","
            case .open: return "("
            case .close: return ")"
            case .at: return "@"
            case .colon: return ":"
            }
        }
    }

    private var tokens: [Token] = []
    private var index = 0

    /// Tokenises byte by byte: a separator is one ASCII byte whatever follows it (a combining
    /// mark after `,` or a blank must not glue onto it, as a grapheme cluster would).
    init(_ text: String) {
        var current: [UInt8] = []
        var inBracket = false
        var tokens: [Token] = []
        func flush() {
            if !current.isEmpty { tokens.append(.word(String(decoding: current, as: UTF8.self))); current = [] }
        }
        for byte in text.utf8 {
            if inBracket {
                current.append(byte)
                if byte == UInt8(ascii: "]") { inBracket = false }
                continue
            }
            switch byte {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"), UInt8(ascii: "\n"): flush()
            case UInt8(ascii: ","): flush(); tokens.append(.comma)
            case UInt8(ascii: "("): flush(); tokens.append(.open)
            case UInt8(ascii: ")"): flush(); tokens.append(.close)
            case UInt8(ascii: "@"): flush(); tokens.append(.at)
            case UInt8(ascii: ":"): flush(); tokens.append(.colon)
            case UInt8(ascii: "["): flush(); current.append(byte); inBracket = true
            default: current.append(byte)
            }
        }
        flush()
        self.tokens = tokens
    }

    func peek() -> Token? { index < tokens.count ? tokens[index] : nil }
    mutating func advance() { index += 1 }

    /// Consumes a `,`; a trailing comma with nothing after it is an error (reference §5.1).
    mutating func consumeComma() throws(GroupSyntaxError) -> Bool {
        guard peek() == .comma else { return false }
        advance()
        if peek() == nil { throw GroupSyntaxError("a ',' must be followed by another item") }
        return true
    }
}
