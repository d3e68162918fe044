/// A parsed password file (reference §3): `user:hash[:real name[:…]]` per line, Unix passwd lines too.
/// A class (immutable): the Gate hands it to the verifier on every protected request, and a
/// reference costs one retain where copying its fields cost one each.
public final class PasswordFile: Sendable {
    /// One user.
    public struct Entry: Sendable {
        /// The user name (case-sensitive).
        public let user: String
        /// The stored hash; disabled or unusable hashes never verify.
        public let hash: PasswordHash
        /// Text after the hash field (real name, or the rest of a passwd line).
        public let realName: String
        /// Line it was read from.
        public let line: Int
        /// A digest of the hash field as written (FNV-1a, like `generation`): equal for an
        /// unchanged hash in any later version of the file, different once it is changed. The
        /// server's cache of verified credentials keys on it, so a reload that leaves a user's
        /// hash alone keeps that user verified.
        public let hashStamp: UInt64
    }

    /// The path it was read from.
    public let path: String
    /// Users in file order (the first of duplicate names only).
    public let entries: [Entry]
    /// A stamp that changes whenever the file's content changes; keys the cache of remembered
    /// `Authorization` values (the verified-credential cache keys on `Entry.hashStamp`).
    public let generation: UInt64
    /// The hash an unknown user's password is checked against, so refusing an unknown user costs
    /// what refusing the slowest known one does: the costliest usable hash of this file (by
    /// `PasswordHash.estimatedCostMicroseconds`: scheme, then its cost parameters; the first of
    /// equals), else a bcrypt dummy. The costliest rather than the first or a typical one: with
    /// mixed costs, a user name is then never told apart by being refused faster than a user
    /// of the file could be.
    public let timingReference: PasswordHash
    private let byUser: [String: Int]

    init(path: String, entries: [Entry], generation: UInt64) {
        self.path = path
        self.entries = entries
        self.generation = generation
        var index: [String: Int] = [:]
        for (i, e) in entries.enumerated() where index[e.user] == nil { index[e.user] = i }
        self.byUser = index
        self.timingReference = PasswordFile.costliest(entries) ?? PasswordHash.timingDummy
    }

    /// The costliest usable hash among `entries`, the first of equals.
    static func costliest(_ entries: [Entry]) -> PasswordHash? {
        var best: (hash: PasswordHash, cost: Double)?
        for entry in entries where entry.hash.isUsable {
            let cost = entry.hash.estimatedCostMicroseconds
            if best.map({ cost > $0.cost }) ?? true { best = (entry.hash, cost) }
        }
        return best?.hash
    }

    /// The entry for a user, if present.
    public func entry(for user: String) -> Entry? { byUser[user].map { entries[$0] } }

    /// Parses password-file text. Errors: a line without `:`, an empty user name. Warnings:
    /// disabled or unusable hash fields (that user alone is refused), duplicates (first wins).
    public static func parse(_ text: String, path: String) throws(ProtectionFileError) -> (PasswordFile, [Diagnostic]) {
        var log = DiagnosticLog(path: path)
        var entries: [Entry] = []
        var firstLine: [String: Int] = [:]
        for line in LogicalLine.split(text, continueAfterComma: false, tooLong: { log.error($0, "line longer than \(LogicalLine.maxLineBytes) bytes") }) {
            let fields = line.text.fields(separatedBy: ":", maxSplits: 2)
            guard fields.count >= 2 else {
                log.error(line.number, "expected 'user:hash[:real name]'")
                continue
            }
            let user = String(fields[0].trimmingBlanks())
            guard !user.isEmpty else {
                log.error(line.number, "empty user name")
                continue
            }
            guard user.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value != 0x7f }) else {
                log.error(line.number, "user name contains a control character")
                continue
            }
            let field = fields[1].trimmingBlanks()
            let hash = PasswordHash(field: String(field))
            if let first = firstLine[user] {
                log.warning(line.number, "user '\(user)' is already defined on line \(first); this line is ignored")
                continue
            }
            firstLine[user] = line.number
            if let problem = hash.problem {
                log.warning(line.number, "user '\(user)' is disabled: \(problem)")
            }
            let rest = fields.count > 2 ? String(fields[2]) : ""
            entries.append(Entry(user: user, hash: hash, realName: rest, line: line.number, hashStamp: Fingerprint.of(String(field))))
        }
        let warnings = try log.finish()
        return (PasswordFile(path: path, entries: entries, generation: Fingerprint.of(text)), warnings)
    }
}

/// A fast, non-cryptographic 64-bit digest (FNV-1a) of file text, used as a generation stamp.
enum Fingerprint {
    static func of(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return hash
    }
}
