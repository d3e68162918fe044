/// An entity tag (RFC 9110 §8.8.3): an opaque quoted string, strong or weak, plus the comparison
/// rules `If-Match` and `If-None-Match` use.
public struct EntityTag: Sendable, Hashable, CustomStringConvertible {
    /// The characters between the quotes.
    public let opaqueTag: String
    /// Whether the tag is weak (`W/"..."`).
    public let isWeak: Bool

    /// A tag from its opaque part; nil if it holds a byte `etagc` does not allow (`"`, SP, controls).
    public init?(opaqueTag: String, isWeak: Bool = false) {
        guard opaqueTag.utf8.allSatisfy(Self.isETagChar) else { return nil }
        self.opaqueTag = opaqueTag
        self.isWeak = isWeak
    }

    /// The strong tag Gatehouse gives a file: `"mtime-size-inode"` in lowercase hex, where mtime is
    /// nanoseconds since the epoch. Any change of content (through mtime or size) or replacement
    /// (inode) changes it.
    public init(modificationSeconds: Int, modificationNanoseconds: Int, size: Int, inode: UInt64) {
        let nanoseconds = UInt64(bitPattern: Int64(modificationSeconds)) &* 1_000_000_000
            &+ UInt64(bitPattern: Int64(modificationNanoseconds))
        var bytes: [UInt8] = []
        bytes.reserveCapacity(48)
        ASCII.appendUnsigned(nanoseconds, radix: 16, minimumDigits: 1, to: &bytes)
        bytes.append(ASCII.minus)
        ASCII.appendUnsigned(UInt64(max(size, 0)), radix: 16, minimumDigits: 1, to: &bytes)
        bytes.append(ASCII.minus)
        ASCII.appendUnsigned(inode, radix: 16, minimumDigits: 1, to: &bytes)
        self.opaqueTag = String(decoding: bytes, as: UTF8.self)
        self.isWeak = false
    }

    /// The field value form: `"opaque"` or `W/"opaque"`.
    public var headerValue: String {
        isWeak ? "W/\"\(opaqueTag)\"" : "\"\(opaqueTag)\""
    }

    /// The field value form.
    public var description: String { headerValue }

    /// RFC 9110 §8.8.3.2: strong comparison, both tags strong and opaque parts equal.
    public func stronglyMatches(_ other: EntityTag) -> Bool {
        !isWeak && !other.isWeak && opaqueTag == other.opaqueTag
    }

    /// RFC 9110 §8.8.3.2: weak comparison, opaque parts equal whatever the weakness.
    public func weaklyMatches(_ other: EntityTag) -> Bool {
        opaqueTag == other.opaqueTag
    }

    /// RFC 9110 §13.1.1 `If-Match`: true when the value is `*` and a representation exists, or
    /// lists a tag that strongly matches `current`. A malformed value evaluates to false (fail
    /// closed: the state-changing request is refused with 412).
    public static func evaluateIfMatch(_ fieldValue: String, current: EntityTag?) -> Bool {
        switch ETagList(fieldValue) {
        case .any: current != nil
        case .tags(let tags): current.map { current in tags.contains { $0.stronglyMatches(current) } } ?? false
        case .malformed: false
        }
    }

    /// RFC 9110 §13.1.2 `If-None-Match`: false when the value is `*` and a representation exists,
    /// or lists a tag that weakly matches `current`; true otherwise (a malformed value is true:
    /// the request simply proceeds).
    public static func evaluateIfNoneMatch(_ fieldValue: String, current: EntityTag?) -> Bool {
        switch ETagList(fieldValue) {
        case .any: current == nil
        case .tags(let tags): current.map { current in !tags.contains { $0.weaklyMatches(current) } } ?? true
        case .malformed: true
        }
    }

    /// Parses one entity-tag (`"x"` or `W/"x"`), e.g. an `If-Range` value; nil if malformed.
    public init?(parsing value: String) {
        guard case .tags(let tags) = ETagList(value), tags.count == 1, let tag = tags.first else { return nil }
        self = tag
    }

    /// RFC 9110 §8.8.3: `etagc = %x21 / %x23-7E / obs-text`.
    static func isETagChar(_ byte: UInt8) -> Bool {
        byte == 0x21 || (byte >= 0x23 && byte != ASCII.delete)
    }
}

/// A parsed `If-Match` / `If-None-Match` value: `*`, a list of entity-tags, or garbage.
private enum ETagList {
    case any
    case tags([EntityTag])
    case malformed

    init(_ value: String) {
        var value = value
        self = value.withUTF8 { Self.parse(UnsafeRawBufferPointer($0)) }
    }

    /// Scans `1#entity-tag` left to right (not by splitting on commas: `etagc` allows `,`).
    private static func parse(_ bytes: UnsafeRawBufferPointer) -> ETagList {
        let trimmed = ASCII.trimmingWhitespace(bytes)
        if trimmed.count == 1, trimmed[0] == 0x2A { return .any }
        var tags: [EntityTag] = []
        var index = 0
        let count = trimmed.count
        while true {
            // RFC 9110 §5.6.1: OWS and empty elements between list members are skipped.
            while index < count, ASCII.isWhitespace(trimmed[index]) || trimmed[index] == ASCII.comma { index += 1 }
            if index == count { break }
            var weak = false
            if index + 1 < count, trimmed[index] == 0x57, trimmed[index + 1] == ASCII.slash {  // W/
                weak = true
                index += 2
            }
            guard index < count, trimmed[index] == ASCII.doubleQuote else { return .malformed }
            index += 1
            let opaqueStart = index
            while index < count, trimmed[index] != ASCII.doubleQuote {
                guard EntityTag.isETagChar(trimmed[index]) else { return .malformed }
                index += 1
            }
            guard index < count else { return .malformed }
            let opaque = UnsafeRawBufferPointer(rebasing: trimmed[opaqueStart..<index])
            index += 1
            guard let tag = EntityTag(opaqueTag: String(decoding: opaque, as: UTF8.self), isWeak: weak) else { return .malformed }
            tags.append(tag)
            while index < count, ASCII.isWhitespace(trimmed[index]) { index += 1 }
            guard index == count || trimmed[index] == ASCII.comma else { return .malformed }
        }
        return tags.isEmpty ? .malformed : .tags(tags)
    }
}
