import HTTPWire
import Protection
import RequestPolicy

/// Whole answers to the loop's most frequent requests, kept as the bytes that went out: a GET or
/// HEAD of a small document, without conditionals or ranges, is answered from here without
/// routing, `lstat` or building a head — the memo of what the decision and the file responder
/// answered for exactly this request line, version, connection option, `Accept-Encoding` and
/// listener. A request with `Authorization` is remembered under its exact credentials and the
/// client's address too (a protection setup may admit by address), and only once they were
/// verified: the same bytes from the same address get the answer the gate gave them, a change
/// of one byte is decided afresh. Keys are compared in full, never by their hash alone.
///
/// An entry is used only under the configuration it was made in and while nothing changed on
/// disk beneath the tree that served it: every directory from the document's up to its `Pass`
/// root is watched (`TreeWatcher`, inotify), and any change there (the file rewritten, an ACL
/// file created, a directory swapped for a symbolic link) drops every entry before the next
/// request of the same loop iteration is read. The `Date` field is rewritten in place once a
/// second. Loop-confined: no lock.
final class HotResponseCache {
    /// Entries kept at most; past it the cache starts again empty.
    static let capacity = 4096
    /// Response bytes kept at most.
    static let maxTotalBytes = 16 * 1024 * 1024

    private var entries: [Int: RememberedAnswer] = [:]
    private var totalBytes = 0
    /// The request key being looked at (reused: no allocation per request).
    private var scratch: [UInt8] = []

    /// Drops everything.
    func removeAll() {
        entries.removeAll(keepingCapacity: true)
        totalBytes = 0
    }

    /// Builds the key of `head` from `client` into the scratch buffer; false when the request is
    /// not one the cache answers (another method, proxy credentials, a conditional or range, a
    /// body, HTTP/0.9, a target that is not origin-form).
    func prepareKey(_ head: RequestHead, listener: ListenerKind, client: ClientAddress) -> Bool {
        guard head.method == .get || head.method == .head, head.version != .http09, !head.hasBody,
              head.targetBytes.first == UInt8(ascii: "/") else { return false }
        scratch.removeAll(keepingCapacity: true)
        scratch.append(head.method == .get ? 1 : 2)
        scratch.append(head.version == .http11 ? 1 : 0)
        scratch.append(head.keepAlive ? 1 : 0)
        scratch.append(listener == .tls ? 1 : 0)
        scratch.append(contentsOf: head.targetBytes)
        var cacheable = true
        var credentials = 0
        head.headers.forEachField { name, value in
            if HTTPHeaders.name(name, is: "accept-encoding") {
                scratch.append(0)
                scratch.append(contentsOf: value)
            } else if HTTPHeaders.name(name, is: "authorization") {
                // Length-prefixed, so no value can end where another field's marker begins.
                credentials += 1
                scratch.append(1)
                Self.appendLength(value.count, to: &scratch)
                scratch.append(contentsOf: value)
            } else if HTTPHeaders.name(name, is: "range") || HTTPHeaders.name(name, is: "proxy-authorization")
                        || HTTPHeaders.name(name, startsWith: "if-") {
                cacheable = false
            }
            return cacheable
        }
        // Two Authorization fields are refused by the decision; they are never remembered.
        guard cacheable, credentials <= 1 else { return false }
        hasCredentials = credentials == 1
        if hasCredentials {
            scratch.append(2)
            scratch.append(contentsOf: client.bytes)
        }
        return true
    }

    /// Whether the prepared key holds credentials (its answer is stored only once they verified).
    private(set) var hasCredentials = false

    private static func appendLength(_ count: Int, to key: inout [UInt8]) {
        for shift in stride(from: 24, through: 0, by: -8) { key.append(UInt8(truncatingIfNeeded: count >> shift)) }
    }

    /// The answer for the prepared key, when one is valid under `configuration` and `changes`,
    /// with its date brought to `second` (`date` is that second's IMF-fixdate).
    func answer(configuration: Int, changes: Int, second: Int64, date: String) -> RememberedAnswer? {
        guard let entry = entries[Self.hash(scratch)], entry.configuration == configuration, entry.changes == changes,
              entry.key == scratch else { return nil }
        entry.redate(second, date)
        return entry
    }

    /// Remembers `plan` as the answer to the prepared key (a 200 with its body in memory, or a
    /// HEAD's), made at `second` with `date` in its head. A key with credentials is stored only
    /// for an answer to a verified user (`plan.user`).
    func store(_ plan: ResponsePlan, configuration: Int, changes: Int, second: Int64) {
        guard plan.head.status == .ok, plan.errorNote == nil, hasCredentials == (plan.user != nil),
              let answer = RememberedAnswer(plan, key: scratch, configuration: configuration, changes: changes, second: second) else { return }
        if entries.count >= Self.capacity || totalBytes + answer.wire.count > Self.maxTotalBytes { removeAll() }
        entries[Self.hash(scratch)] = answer
        totalBytes += answer.wire.count
    }

    /// FNV-1a over the key: quick, and good enough here — the dictionary hashes the result
    /// again with its own seeded hash, and a collision only replaces an entry (keys are
    /// compared in full before use).
    private static func hash(_ key: [UInt8]) -> Int {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in key {
            h ^= UInt64(byte)
            h = h &* 0x0000_0100_0000_01b3
        }
        return Int(bitPattern: UInt(h))
    }
}

/// One remembered answer: the response as it went out and what the log says of it. Shared by
/// the cache and the connections sending it (only its `Date` is ever rewritten, between sends
/// on the loop's thread).
final class RememberedAnswer {
    /// The request it answers.
    let key: [UInt8]
    /// The response as sent, head and body.
    private(set) var wire: [UInt8]
    /// Bytes of `wire` that are the head.
    let headBytes: Int
    /// What the log records.
    let summary: ResponseSummary
    /// Whether the connection closes after it.
    let close: Bool
    /// The configuration and the watcher's change count it is valid under.
    let configuration: Int
    let changes: Int
    /// Where the 29-byte IMF-fixdate of `Date` sits in `wire`, and the second it names.
    private let dateOffset: Int
    private var dateSecond: Int64

    /// The answer `plan` gave, or nil when its body is not in memory or its head has no date.
    init?(_ plan: ResponsePlan, key: [UInt8], configuration: Int, changes: Int, second: Int64) {
        guard let date = plan.head.date else { return nil }
        var wire: [UInt8] = []
        plan.head.serialise(into: &wire)
        headBytes = wire.count
        switch plan.body {
        case .bytes(let body): wire.append(contentsOf: body)
        case .none: break
        case .file, .parts: return nil
        }
        guard let offset = RememberedAnswer.offset(of: date, in: wire, limit: headBytes) else { return nil }
        self.wire = wire
        self.key = key
        summary = ResponseSummary(plan)
        close = plan.close
        self.configuration = configuration
        self.changes = changes
        dateOffset = offset
        dateSecond = second
    }

    /// Writes `date` (the IMF-fixdate of `second`) into the head, once per second.
    func redate(_ second: Int64, _ date: String) {
        guard second != dateSecond else { return }
        dateSecond = second
        var date = date
        date.withUTF8 { bytes in
            wire.withUnsafeMutableBufferPointer { out in
                for i in 0..<min(bytes.count, 29) { out[dateOffset + i] = bytes[i] }
            }
        }
    }

    /// Where `date` (29 bytes) starts in the head.
    private static func offset(of date: String, in wire: [UInt8], limit: Int) -> Int? {
        let needle = Array(date.utf8)
        guard needle.count == 29, limit >= needle.count else { return nil }
        for start in 0...(limit - needle.count) where wire[start] == needle[0] && Array(wire[start..<(start + needle.count)]) == needle {
            return start
        }
        return nil
    }
}
