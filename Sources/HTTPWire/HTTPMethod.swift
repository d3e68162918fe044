/// A request method, kept as the token the client sent (RFC 9110 §9.1: case-sensitive). Which
/// methods are implemented (501 otherwise) is the server's decision, not the parser's.
public struct HTTPMethod: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    /// The method token exactly as received.
    public let rawValue: String

    /// A method from a token; nil when `rawValue` is empty or holds a non-`tchar` byte.
    public init?(rawValue: String) {
        guard !rawValue.isEmpty, rawValue.utf8.allSatisfy(ASCII.isTChar) else { return nil }
        self.rawValue = rawValue
    }

    private init(known: String) {
        self.rawValue = known
    }

    /// The method token.
    public var description: String { rawValue }

    /// GET.
    public static let get = HTTPMethod(known: "GET")
    /// HEAD.
    public static let head = HTTPMethod(known: "HEAD")
    /// POST.
    public static let post = HTTPMethod(known: "POST")
    /// PUT.
    public static let put = HTTPMethod(known: "PUT")
    /// DELETE.
    public static let delete = HTTPMethod(known: "DELETE")
    /// OPTIONS.
    public static let options = HTTPMethod(known: "OPTIONS")
    /// CONNECT.
    public static let connect = HTTPMethod(known: "CONNECT")
    /// TRACE.
    public static let trace = HTTPMethod(known: "TRACE")
    /// PATCH (RFC 5789).
    public static let patch = HTTPMethod(known: "PATCH")

    /// The method for token bytes the parser has already validated; the common methods reuse
    /// their static strings so that no allocation happens for them.
    init(validatedToken bytes: UnsafeRawBufferPointer) {
        switch bytes.count {
        case 3:
            if Self.equals(bytes, "GET") { self = .get; return }
            if Self.equals(bytes, "PUT") { self = .put; return }
        case 4:
            if Self.equals(bytes, "HEAD") { self = .head; return }
            if Self.equals(bytes, "POST") { self = .post; return }
        case 6:
            if Self.equals(bytes, "DELETE") { self = .delete; return }
        case 7:
            if Self.equals(bytes, "OPTIONS") { self = .options; return }
            if Self.equals(bytes, "CONNECT") { self = .connect; return }
        default:
            break
        }
        self.rawValue = String(decoding: bytes, as: UTF8.self)
    }

    private static func equals(_ bytes: UnsafeRawBufferPointer, _ literal: StaticString) -> Bool {
        bytes.elementsEqual(UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount))
    }
}
