/// HTTP Basic credentials (RFC 7617) as read from an `Authorization` (or `Proxy-Authorization`)
/// value, following steps 2–5 of the procedure (reference §6).
public struct BasicCredentials: Sendable, Hashable {
    /// The user name: the decoded text before the first `:` (never empty).
    public let user: String
    /// The password bytes: everything after the first `:` (may be empty).
    public let password: [UInt8]

    /// Why a header value is not usable credentials, with the procedure step that refused it.
    public enum Failure: Error, Sendable, Hashable {
        /// Step 2: the scheme is not Basic.
        case notBasic(scheme: String)
        /// Step 3: the token is not strict base64.
        case badEncoding
        /// Steps 4–5: not UTF-8, no `:`, or an empty user name.
        case badShape(String)

        /// The seed's step label.
        public var step: String {
            switch self {
            case .notBasic: return "2"
            case .badEncoding: return "3"
            case .badShape: return "4–5"
            }
        }

        /// A sentence for the trace.
        public var reason: String {
            switch self {
            case .notBasic(let scheme): return "scheme '\(scheme)' is not Basic"
            case .badEncoding: return "credentials are not valid base64 (padding required, nothing else allowed)"
            case .badShape(let why): return why
            }
        }
    }

    /// The longest header value considered; the HTTP parser bounds it too.
    public static let maxValueBytes = 4096

    /// Parses `Basic <token68>` (scheme case-insensitive; exactly one token).
    public static func parse(_ value: String) -> Result<BasicCredentials, Failure> {
        // Byte-wise and in place: this runs on every protected request.
        var value = value
        return value.withUTF8 { parse(bytes: $0) }
    }

    private static func parse(bytes: UnsafeBufferPointer<UInt8>) -> Result<BasicCredentials, Failure> {
        func isBlank(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 }
        var i = 0
        while i < bytes.count, isBlank(bytes[i]) { i += 1 }
        let schemeStart = i
        while i < bytes.count, !isBlank(bytes[i]) { i += 1 }
        let scheme = UnsafeBufferPointer(rebasing: bytes[schemeStart..<i])
        guard !scheme.isEmpty else { return .failure(.notBasic(scheme: "")) }
        guard scheme.count == 5, zip(scheme, "basic".utf8).allSatisfy({ ($0 | 0x20) == $1 }) else {
            return .failure(.notBasic(scheme: String(decoding: scheme.prefix(32), as: UTF8.self)))
        }
        while i < bytes.count, isBlank(bytes[i]) { i += 1 }
        let tokenStart = i
        while i < bytes.count, !isBlank(bytes[i]) { i += 1 }
        let token = UnsafeBufferPointer(rebasing: bytes[tokenStart..<i])
        while i < bytes.count, isBlank(bytes[i]) { i += 1 }
        guard i == bytes.count, !token.isEmpty, bytes.count <= maxValueBytes, let decoded = Base64.decode(token) else {
            return .failure(.badEncoding)
        }
        // RFC 7617 §2.1: with charset="UTF-8" the user-pass is UTF-8; anything else is refused.
        // (ASCII, the common case, is valid UTF-8 without building a String to find out.)
        guard decoded.allSatisfy({ $0 < 0x80 }) || String(validating: decoded, as: UTF8.self) != nil else {
            return .failure(.badShape("decoded credentials are not UTF-8"))
        }
        guard let colon = decoded.firstIndex(of: UInt8(ascii: ":")) else {
            return .failure(.badShape("decoded credentials have no ':' between user and password"))
        }
        guard colon > 0 else { return .failure(.badShape("empty user name")) }
        guard !decoded[..<colon].contains(where: { $0 < 0x20 || $0 == 0x7f }) else {
            return .failure(.badShape("user name contains a control character"))
        }
        let user = String(decoding: decoded[..<colon], as: UTF8.self)
        return .success(BasicCredentials(user: user, password: Array(decoded[(colon + 1)...])))
    }
}
