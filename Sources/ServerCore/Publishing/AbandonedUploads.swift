import Protection
import Transport

/// Removes the temporary files of uploads that never finished (`.gatehouse-put-*`, left by a
/// crash or a kill mid-PUT) from the served trees. A file is abandoned when nothing wrote to it
/// for longer than twice `BodyTimeout` — an upload in progress (this server's, or another's
/// serving the same tree) writes more often than that. Bounded: at most `maxEntries` directory
/// entries are looked at.
enum AbandonedUploads {
    /// The most entries walked.
    static let maxEntries = 200_000

    /// Removes abandoned temporary files under every `Pass` root; returns their paths.
    static func remove(under roots: [String], bodyTimeoutSeconds: Int, now: Int64 = SystemClock.wallClock().seconds) -> [String] {
        var removed: [String] = []
        var budget = maxEntries
        for root in roots {
            FileAccess.walk(root, limit: budget) { path, isDirectory in
                budget -= 1
                guard !isDirectory, PathResolution.lastComponent(of: path).hasPrefix(Publishing.temporaryPrefix),
                      let status = try? FileSystem.lstat(path), status.kind == .regular,
                      now - status.modificationSeconds > Int64(2 * bodyTimeoutSeconds),
                      (try? FileSystem.unlink(path)) != nil else { return }
                removed.append(path)
            }
        }
        return removed
    }
}
